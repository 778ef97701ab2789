// The pot form's sources (PottKilde): "Legg til kilde" clones a row here instead of
// asking the server for one (without JS the button is a submit that does that), and a
// running sum of the sources is shown against the total (read out through aria-live).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("pott-form");
  if (!form) return;
  const rows = document.getElementById("kilde-rader");
  const total = form.querySelector("[name='total']");
  const antall = form.querySelector("[name='kilder-TOTAL_FORMS']");
  const maks = form.querySelector("[name='kilder-MAX_NUM_FORMS']");
  const sum = document.getElementById("kilde-sum");
  const add = document.getElementById("legg-til-kilde");
  const kr = (n) => `${n.toLocaleString("nb-NO")} kr`;

  const update = () => {
    let s = 0;
    let any = false;
    rows.querySelectorAll("input[name$='-belop']").forEach((input) => {
      const v = parseInt(input.value, 10);
      if (!Number.isNaN(v)) {
        s += v;
        any = true;
      }
    });
    const t = parseInt(total.value, 10);
    if (!any) {
      sum.textContent = sum.dataset.tom;
      sum.classList.remove("text-danger", "text-success");
      return;
    }
    const tekst = Number.isNaN(t)
      ? sum.dataset.utenTotal.replace("{sum}", kr(s))
      : sum.dataset.mal.replace("{sum}", kr(s)).replace("{total}", kr(t));
    sum.textContent = tekst;
    const ok = !Number.isNaN(t) && s === t;
    sum.classList.toggle("text-success", ok);
    sum.classList.toggle("text-danger", !ok);
  };

  add.addEventListener("click", (event) => {
    const n = parseInt(antall.value, 10);
    if (maks && n >= parseInt(maks.value, 10)) return;
    event.preventDefault();
    const last = rows.querySelector(".kilde-rad:last-of-type");
    const copy = last.cloneNode(true);
    const re = /kilder-\d+-/g;
    copy.querySelectorAll("[id],[for],[name],[aria-describedby]").forEach((el) => {
      ["id", "for", "name", "aria-describedby"].forEach((attr) => {
        const v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(re, `kilder-${n}-`));
      });
    });
    copy.querySelectorAll(".invalid-feedback").forEach((el) => el.remove());
    copy.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    copy.querySelectorAll("input").forEach((el) => {
      el.value = "";
    });
    copy.querySelectorAll("select").forEach((el) => {
      el.selectedIndex = 0;
    });
    rows.appendChild(copy);
    antall.value = String(n + 1);
    copy.querySelector("select").focus();
    update();
  });

  form.addEventListener("input", update);
  update();
});
