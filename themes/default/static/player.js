// Timestamp links seek the episode's audio player. Without this script (or without audio) they
// are ordinary #anchor links to the transcript, and they stay so: the hash still changes.
const audio = document.getElementById("player");
if (audio) {
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-t]") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const seconds = Number(link.dataset.t);
    if (!Number.isFinite(seconds)) return;
    try {
      audio.currentTime = seconds;
      const playing = audio.play();
      if (playing && typeof playing.catch === "function") playing.catch(() => {});
    } catch (err) {
      // a source that cannot seek yet: the link still scrolls to the transcript
    }
  });
}
