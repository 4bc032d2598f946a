// Proves the page's own script ran (also when served from a saved copy).
document.addEventListener('DOMContentLoaded', () => {
  const el = document.querySelector('.script-ok');
  if (el) el.textContent = 'script ran';
});
