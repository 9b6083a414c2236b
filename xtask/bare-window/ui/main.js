// Ready for input: the field has the focus and the page says so.
const input = document.querySelector("input");
input.focus();
document.body.dataset.ready = "true";
