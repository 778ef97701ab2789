// Small progressive enhancements; every page works without this file.
// Buttons with data-confirm ask before they submit their form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
