// Type-to-find for the compare picker: suggestions appear as you type a job title, and choosing
// one ticks it into "Your choice". Without this script the picker still works (find, tick, compare).
(function () {
  "use strict";
  var input = document.getElementById("picker-q");
  var chosen = document.getElementById("picker-chosen");
  var count = document.getElementById("picker-count");
  if (!input || !chosen || !count || !window.fetch) return;
  var form = input.form;
  var most = parseInt(count.getAttribute("data-max"), 10) || 4;

  var list = document.createElement("ul");
  list.id = "picker-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested jobs");
  list.hidden = true;
  input.parentNode.appendChild(list);
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var results = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  function close() {
    list.hidden = true;
    list.textContent = "";
    results = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var items = list.children;
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function ticked() {
    return form.querySelectorAll('input[name="roles"]:checked').length;
  }

  function recount() {
    count.textContent = "Your choice: " + ticked() + " of " + most + " jobs";
  }

  function add(result) {
    // The job may already be listed, ticked or not: chosen before, or among the jobs found.
    var box = form.querySelector('input[name="roles"][value="' + CSS.escape(result.slug) + '"]');
    if (box && box.checked) {
      status.textContent = result.title + " is already in your choice.";
    } else if (ticked() >= most) {
      status.textContent =
        "A chart holds at most " + most + " jobs: untick one before adding " + result.title + ".";
    } else {
      if (!box) {
        var item = document.createElement("li");
        box = document.createElement("input");
        box.type = "checkbox";
        box.name = "roles";
        box.value = result.slug;
        box.id = "chosen-" + result.slug;
        var label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = result.title + " (" + result.kind + ", " + result.field + ")";
        item.appendChild(box);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(label);
        chosen.appendChild(item);
        chosen.hidden = false;
        var empty = document.getElementById("picker-empty");
        if (empty) empty.hidden = true;
      }
      box.checked = true;
      recount();
      status.textContent = result.title + " added to your choice.";
    }
    input.value = "";
    close();
    input.focus();
  }

  function show(found) {
    list.textContent = "";
    results = found;
    found.forEach(function (result, index) {
      var item = document.createElement("li");
      item.id = "picker-suggestion-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = result.title + " (" + result.kind + ")";
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        add(result);
      });
      list.appendChild(item);
    });
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    active = -1;
    status.textContent = found.length
      ? found.length + " suggestions: use the arrow keys to choose one."
      : "No suggestions.";
  }

  function lookUp() {
    var text = input.value.trim();
    if (text.length < 2) {
      close();
      return;
    }
    var ask = ++latest;
    var url = input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(text);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (ask === latest) show(data.results || []);
      })
      .catch(close);
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "roles") recount();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      add(results[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
})();
