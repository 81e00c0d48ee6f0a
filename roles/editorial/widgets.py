"""The admin's Markdown editor: django-markdownx's widget with our script and style sheet after its
own (static/js/markdown-editor.js, static/css/admin-editor.css).

The script gives Tab back to the browser (markdownx traps it to type a tab character), indents
with Ctrl+] and Ctrl+[ or buttons instead, uploads images itself so a refused file shows the
server's message and inserts nothing, and asks for each uploaded image's description.
"""

from markdownx.widgets import AdminMarkdownxWidget


class MarkdownEditorWidget(AdminMarkdownxWidget):
    class Media:
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/markdown-editor.js"]
