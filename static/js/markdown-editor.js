// The admin's Markdown editor, on top of django-markdownx's script (which keeps the live preview).
// - Tab and Shift+Tab move focus as everywhere else; Ctrl+] and Ctrl+[ (or the buttons) indent and
//   outdent the selected lines. markdownx binds its keys on the textarea, so listeners here on the
//   document's capture phase run first and stop them.
// - Images dropped, pasted or chosen are uploaded here, not by markdownx: a refused file shows the
//   server's message beside the field and inserts nothing, and each image asks for a description.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  var INDENT = "    "; // four spaces: what Python-Markdown needs to nest a list or a paragraph
  var EDITOR = "textarea.markdownx-editor";
  var editors = [];

  function own(target) {
    if (!target || !target.closest) return null;
    var editor = target.closest(EDITOR);
    return editor && editor.markdownEditor ? editor.markdownEditor : null;
  }

  // Replace part of the text the way typing does, so Ctrl+Z undoes it and markdownx sees an
  // input event and refreshes the preview.
  function replaceText(textarea, start, end, text) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function shiftLines(textarea, outdent) {
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    // A selection that ends at the start of a line does not take that line along.
    var lastChar = end > start && value.charAt(end - 1) === "\n" ? end - 1 : end;
    var first = value.lastIndexOf("\n", start - 1) + 1;
    var last = value.indexOf("\n", lastChar);
    if (last === -1) last = value.length;
    var lines = value.slice(first, last).split("\n");
    var deltas = lines.map(function (line) {
      if (outdent) {
        var lead = /^(\t| {1,4})/.exec(line);
        return lead ? -lead[0].length : 0;
      }
      return line || lines.length === 1 ? INDENT.length : 0;
    });
    var shifted = lines.map(function (line, i) {
      return deltas[i] < 0 ? line.slice(-deltas[i]) : deltas[i] ? INDENT + line : line;
    });
    var total = deltas.reduce(function (sum, d) { return sum + d; }, 0);
    if (!total) return;
    replaceText(textarea, first, last, shifted.join("\n"));
    var newStart = Math.max(first, start + deltas[0]);
    var newEnd = start === end ? newStart : Math.max(newStart, end + total);
    textarea.setSelectionRange(newStart, newEnd);
  }

  function csrfToken(textarea) {
    var field = textarea.form && textarea.form.querySelector("input[name='csrfmiddlewaretoken']");
    if (field) return field.value;
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // What the server said, whichever way it said it: our endpoint's {"image": [message]}, the
  // staff check's {"error": message}, or the body-size limit's plain text.
  function refusal(response, body) {
    var data = null;
    try {
      data = JSON.parse(body);
    } catch (error) {
      data = null;
    }
    if (data && data.image && data.image.length) return String(data.image[0]);
    if (data && data.error) return String(data.error);
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("text/plain") === 0 && body && body.length < 300) return body;
    return "The server could not store it (error " + response.status + "). Try again later.";
  }

  function escapeAlt(text) {
    return text.replace(/\s+/g, " ").trim().replace(/([\\[\]])/g, "\\$1");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function Editor(textarea) {
    var self = this;
    var id = textarea.id || "markdown-editor-" + editors.length;
    var container = textarea.closest(".markdownx") || textarea.parentNode;
    this.textarea = textarea;
    this.container = container;
    this.uploading = 0;
    this.waitingForAlt = [];
    this.placed = false; // whether the editor has been in the field since the page loaded
    textarea.markdownEditor = this;
    textarea.addEventListener("focus", function () { self.placed = true; });

    var tools = element("div", "markdown-editor-tools");
    var indent = element("button", "markdown-editor-button", "Indent");
    var outdent = element("button", "markdown-editor-button", "Outdent");
    var upload = element("button", "markdown-editor-button", "Add an image…");
    var file = document.createElement("input");
    [indent, outdent, upload].forEach(function (button) {
      button.type = "button";
      button.setAttribute("aria-controls", id);
    });
    indent.setAttribute("aria-keyshortcuts", "Control+]");
    outdent.setAttribute("aria-keyshortcuts", "Control+[");
    file.type = "file";
    file.accept = "image/jpeg,image/png,image/gif,image/webp";
    file.multiple = true;
    file.hidden = true;
    file.className = "markdown-editor-file";
    file.setAttribute("aria-label", "Image to upload");
    tools.append(indent, outdent, upload, file);
    container.insertBefore(tools, textarea);

    var hint = element(
      "p",
      "help markdown-editor-hint",
      "Tab moves on to the next field. To indent lines, select them and press Ctrl+] " +
        "(Ctrl+[ to outdent; ⌘ on a Mac) or use the buttons. Add an image by dropping or " +
        "pasting it here, or with “Add an image…”."
    );
    hint.id = id + "-editor-hint";
    this.status = element("p", "markdown-editor-status");
    this.status.setAttribute("role", "status");
    this.alert = element("p", "markdown-editor-error");
    this.alert.setAttribute("role", "alert");
    this.alert.id = id + "-upload-error";
    this.altForm = element("div", "markdown-editor-alt");
    this.altForm.hidden = true;
    container.append(hint, this.status, this.alert, this.altForm);

    var described = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    textarea.setAttribute("aria-describedby", described.concat(hint.id, this.alert.id).join(" "));

    indent.addEventListener("click", function () { shiftLines(textarea, false); });
    outdent.addEventListener("click", function () { shiftLines(textarea, true); });
    upload.addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () {
      Array.prototype.forEach.call(file.files, function (chosen) { self.send(chosen); });
      file.value = "";
    });
    this.buildAltForm(id);
  }

  Editor.prototype.buildAltForm = function (id) {
    var self = this;
    var form = this.altForm;
    var label = element("label", "", "Describe this image for readers who cannot see it");
    var input = element("input", "vTextField");
    var preview = element("img", "markdown-editor-alt-image");
    var save = element("button", "markdown-editor-button", "Use this description");
    var skip = element("button", "markdown-editor-button", "Not now");
    var note = element(
      "p",
      "help",
      "Say what it shows and why it matters, in a sentence. Until you do, the text keeps " +
        "“Describe this image” as a reminder."
    );
    input.type = "text";
    input.id = id + "-alt-text";
    input.maxLength = 250;
    input.setAttribute("aria-describedby", id + "-alt-note");
    note.id = id + "-alt-note";
    label.htmlFor = input.id;
    preview.alt = "";
    save.type = skip.type = "button";
    var actions = element("div", "markdown-editor-alt-actions");
    actions.append(save, skip);
    form.append(preview, label, input, actions, note);
    this.altInput = input;
    this.altPreview = preview;

    save.addEventListener("click", function () { self.finishAlt(input.value); });
    skip.addEventListener("click", function () { self.finishAlt(""); });
    input.addEventListener("keydown", function (event) {
      // Enter would send the whole admin form.
      if (event.key === "Enter") {
        event.preventDefault();
        self.finishAlt(input.value);
      } else if (event.key === "Escape") {
        event.preventDefault();
        self.finishAlt("");
      }
    });
  };

  Editor.prototype.busy = function (change) {
    this.uploading += change;
    this.container.classList.toggle("markdown-editor-uploading", this.uploading > 0);
    if (this.uploading > 0) {
      this.textarea.setAttribute("aria-busy", "true");
    } else {
      this.textarea.removeAttribute("aria-busy");
    }
  };

  Editor.prototype.send = function (file) {
    var self = this;
    var textarea = this.textarea;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken(textarea));
    data.append("image", file);
    this.alert.textContent = "";
    this.status.textContent = "Uploading " + file.name + "…";
    this.busy(1);
    fetch(textarea.getAttribute("data-markdownx-upload-urls-path"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        return response.text().then(function (body) {
          var result = null;
          try {
            result = response.ok ? JSON.parse(body) : null;
          } catch (error) {
            result = null;
          }
          if (result && result.image_code && result.image_url) {
            self.added(file, result.image_code, result.image_url);
          } else {
            self.refused(file, refusal(response, body));
          }
        });
      })
      .catch(function () {
        self.refused(file, "The server could not be reached. Check the connection and try again.");
      })
      .then(function () { self.busy(-1); });
  };

  Editor.prototype.refused = function (file, message) {
    this.status.textContent = "";
    this.alert.textContent = file.name + " was not added: " + message;
  };

  Editor.prototype.added = function (file, code, url) {
    var textarea = this.textarea;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var text = code;
    if (!this.placed) {
      // Nobody has put the cursor anywhere yet: add the image after the text, not before it.
      start = end = textarea.value.length;
      var gap = /\n\n$/.test(textarea.value) ? "" : /\n$/.test(textarea.value) ? "\n" : "\n\n";
      text = (textarea.value ? gap : "") + code;
    }
    replaceText(textarea, start, end, text);
    this.status.textContent = file.name + " was added.";
    this.waitingForAlt.push({ code: code, url: url, name: file.name });
    if (this.waitingForAlt.length === 1) this.askForAlt();
  };

  Editor.prototype.askForAlt = function () {
    var image = this.waitingForAlt[0];
    this.altPreview.src = image.url;
    this.altInput.value = "";
    this.altForm.hidden = false;
    this.altInput.focus();
  };

  // Put the description in the image's Markdown (if the editor has not rewritten it meanwhile).
  Editor.prototype.finishAlt = function (description) {
    var image = this.waitingForAlt.shift();
    var textarea = this.textarea;
    var alt = escapeAlt(description || "");
    var at = textarea.value.indexOf(image.code);
    if (alt && at !== -1) {
      replaceText(textarea, at, at + image.code.length, "![" + alt + "](" + image.url + ")");
    }
    if (this.waitingForAlt.length) {
      this.askForAlt();
      return;
    }
    this.altForm.hidden = true;
    this.altPreview.removeAttribute("src");
    textarea.focus();
    at = textarea.value.indexOf(image.url);
    if (at !== -1) {
      var after = textarea.value.indexOf(")", at) + 1;
      textarea.setSelectionRange(after, after);
    }
  };

  document.addEventListener(
    "keydown",
    function (event) {
      var editor = own(event.target);
      if (!editor) return;
      if (event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey) {
        // The browser moves focus; markdownx would type a tab and keep it.
        event.stopImmediatePropagation();
      } else if ((event.key === "]" || event.key === "[") && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        shiftLines(editor.textarea, event.key === "[");
      }
    },
    true
  );

  document.addEventListener(
    "drop",
    function (event) {
      var editor = own(event.target);
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!editor || !files || !files.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      Array.prototype.forEach.call(files, function (file) { editor.send(file); });
    },
    true
  );

  document.addEventListener(
    "paste",
    function (event) {
      var editor = own(event.target);
      var clipboard = event.clipboardData;
      // Text copied from a word processor often comes with a picture of itself: paste the text.
      if (!editor || !clipboard || !clipboard.files.length || clipboard.getData("text/plain")) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      Array.prototype.forEach.call(clipboard.files, function (file) { editor.send(file); });
    },
    true
  );

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(EDITOR), function (textarea) {
      if (!textarea.markdownEditor && !textarea.closest(".empty-form")) {
        editors.push(new Editor(textarea));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
