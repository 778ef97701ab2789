// Draft autosave for meeting minutes: what is typed in a form marked
// data-autosave is kept in this browser (localStorage) until the form is sent,
// so a closed tab or a lost connection does not lose the minutes.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form || !window.localStorage) return;
  const key = "vp-utkast:" + form.dataset.autosave;
  const fields = () =>
    Array.from(form.querySelectorAll("textarea, input[type=text]")).filter((f) => f.name);

  const save = () => {
    const data = {};
    fields().forEach((f) => { data[f.name] = f.value; });
    data._lagret = new Date().toISOString();
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full */ }
  };

  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  const differs = stored && fields().some((f) => (stored[f.name] ?? f.value) !== f.value);
  if (differs) {
    const box = document.createElement("div");
    box.className = "alert alert-info d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = form.dataset.autosaveMelding || "Du har et ulagret utkast.";
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary";
    restore.textContent = form.dataset.autosaveGjenopprett || "Gjenopprett utkast";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = form.dataset.autosaveForkast || "Forkast utkast";
    restore.addEventListener("click", () => {
      fields().forEach((f) => { if (f.name in stored) f.value = stored[f.name]; });
      box.remove();
    });
    discard.addEventListener("click", () => { localStorage.removeItem(key); box.remove(); });
    box.append(text, restore, discard);
    form.prepend(box);
  }

  let timer = null;
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    localStorage.removeItem(key);
  });
})();
