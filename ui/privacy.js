// Settings' "Privacy": turn encryption on (the recovery key is shown once), change the
// passphrase, turn encryption off, lock now, the idle lock, and whether notifications carry
// your own words.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { field, showError } from "./form.js";

function secret(testid, autocomplete) {
  return h("input", { type: "password", spellcheck: false, autocomplete, attrs: { "data-testid": testid } });
}

const IDLE = [
  ["1", "1 minute"],
  ["5", "5 minutes"],
  ["15", "15 minutes"],
  ["60", "1 hour"],
  ["never", "Never"],
];

export function createPrivacySection({ announce }) {
  const status = h("p", { class: "hint", attrs: { "data-testid": "privacy-status", "aria-live": "polite" } });

  // Turn encryption on.
  const newPass = secret("encrypt-passphrase", "new-password");
  const newConfirm = secret("encrypt-confirm", "new-password");
  const newF = field("Passphrase", newPass, { errorTestid: "encrypt-error" });
  const confirmF = field("Again", newConfirm);
  const encryptBtn = h("button", { type: "submit", attrs: { "data-testid": "encrypt-submit" } }, "Encrypt the journal");
  const recovery = h("div", { class: "recovery", attrs: { "data-testid": "recovery", hidden: true } });
  const encryptForm = h("form", { class: "row", attrs: { "aria-label": "Turn encryption on" } }, newF.wrap, confirmF.wrap, encryptBtn);

  // Change the passphrase.
  const current = secret("rekey-current", "current-password");
  const next = secret("rekey-passphrase", "new-password");
  const nextConfirm = secret("rekey-confirm", "new-password");
  const currentF = field("Current passphrase", current, { errorTestid: "rekey-error" });
  const nextF = field("New passphrase", next);
  const nextConfirmF = field("Again", nextConfirm);
  const rekeyBtn = h("button", { type: "submit", attrs: { "data-testid": "rekey-submit" } }, "Change passphrase");
  const rekeyForm = h(
    "form",
    { class: "row", attrs: { "aria-label": "Change the passphrase" } },
    currentF.wrap,
    nextF.wrap,
    nextConfirmF.wrap,
    rekeyBtn,
  );

  // Turn encryption off.
  const offCurrent = secret("decrypt-current", "current-password");
  const offF = field("Passphrase", offCurrent, { errorTestid: "decrypt-error" });
  const offBtn = h("button", { type: "submit", class: "quiet", attrs: { "data-testid": "decrypt-submit" } }, "Turn encryption off");
  const decryptForm = h("form", { class: "row", attrs: { "aria-label": "Turn encryption off" } }, offF.wrap, offBtn);
  const decryptBlock = h(
    "div",
    {},
    h("p", {
      class: "hint",
      text: "Turning encryption off makes the journal and its backups readable by anyone who can read your files.",
    }),
    decryptForm,
  );

  // Lock.
  const idle = h("select", { attrs: { "data-testid": "lock-after" } }, ...IDLE.map(([v, t]) => h("option", { value: v, text: t })));
  const idleF = field("Lock after this long unused", idle);
  const lockBtn = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "lock-now" } }, "Lock now");
  const lockRow = h("div", { class: "row" }, idleF.wrap, lockBtn);

  const words = h("input", { type: "checkbox", attrs: { "data-testid": "notification-words" } });
  const wordsRow = h(
    "label",
    { class: "check" },
    words,
    h("span", { text: "Show my words in notifications (otherwise they say only that it is time)" }),
  );

  const section = h(
    "section",
    { class: "block", attrs: { "aria-label": "Privacy", "data-testid": "settings-privacy" } },
    h("h2", { text: "Privacy" }),
    status,
    encryptForm,
    recovery,
    rekeyForm,
    lockRow,
    decryptBlock,
    wordsRow,
  );

  function render(s) {
    status.textContent = s.encrypted
      ? "Your journal and its backups are encrypted. Exports are not."
      : "Your journal is stored unencrypted, readable by anyone who can read your files. Encrypt it with a passphrase:";
    encryptForm.hidden = s.encrypted;
    rekeyForm.hidden = !s.encrypted;
    lockRow.hidden = !s.encrypted;
    decryptBlock.hidden = !s.encrypted;
    idle.value = s.lock_after_minutes == null ? "never" : String(s.lock_after_minutes);
    if (![...idle.options].some((o) => o.value === idle.value)) idle.value = "5";
    words.checked = s.show_words;
  }

  encryptForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    showError(newF, null);
    try {
      const done = await api.turnOnEncryption(newPass.value, newConfirm.value);
      newPass.value = "";
      newConfirm.value = "";
      replace(
        recovery,
        h("p", {
          text: "Your recovery key opens the journal if you forget the passphrase. It is shown only now: write it down and keep it apart from the passphrase.",
        }),
        h("p", { class: "recovery-key", attrs: { "data-testid": "recovery-key" }, text: done.recovery_key }),
      );
      recovery.hidden = false;
      render(done.status);
      announce("Journal encrypted. Write down the recovery key shown.");
    } catch (err) {
      showError(newF, err.message);
      newPass.focus();
    }
  });

  rekeyForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    showError(currentF, null);
    try {
      const s = await api.changePassphrase(current.value, next.value, nextConfirm.value);
      current.value = "";
      next.value = "";
      nextConfirm.value = "";
      render(s);
      announce("Passphrase changed.");
    } catch (err) {
      showError(currentF, err.message);
      current.focus();
    }
  });

  decryptForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    showError(offF, null);
    try {
      const done = await api.turnOffEncryption(offCurrent.value);
      offCurrent.value = "";
      recovery.hidden = true;
      render(done.status);
      announce(["Encryption turned off: your journal is readable without a passphrase again.", ...done.left].join(" "));
    } catch (err) {
      showError(offF, err.message);
      offCurrent.focus();
    }
  });

  idle.addEventListener("change", async () => {
    try {
      render(await api.setLockAfter(idle.value === "never" ? null : Number(idle.value)));
    } catch (err) {
      showError(idleF, err.message);
    }
  });
  lockBtn.addEventListener("click", () => api.lockNow().catch((err) => showError(idleF, err.message)));
  words.addEventListener("change", async () => {
    try {
      render(await api.setNotificationWords(words.checked));
    } catch (err) {
      words.checked = !words.checked;
      announce(err.message);
    }
  });

  return {
    section,
    async load() {
      recovery.hidden = true;
      replace(recovery);
      render(await api.lockStatus());
    },
  };
}
