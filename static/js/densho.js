// Small progressive enhancements; every page works without them.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// A form is sent once: its buttons are disabled once it is on its way (after the browser has
// read the pressed button's value), and a button with data-busy shows that text meanwhile.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post") return;
  const pressed = event.submitter;
  setTimeout(() => {
    form.querySelectorAll("button:not([disabled])").forEach((button) => {
      button.disabled = true;
      button.classList.add("js-sent");
    });
    if (pressed && pressed.dataset.busy) {
      pressed.dataset.idle = pressed.textContent;
      pressed.textContent = pressed.dataset.busy;
    }
  }, 0);
});

// Back to a page from the browser's cache: its forms can be sent again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  document.querySelectorAll("button.js-sent").forEach((button) => {
    button.disabled = false;
    button.classList.remove("js-sent");
    if (button.dataset.idle) button.textContent = button.dataset.idle;
  });
});

document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
});
