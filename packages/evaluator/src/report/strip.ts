/**
 * Browsable key frames of a report card (issue 16 item 5): a viewer, a strip of N thumbnails and a
 * prev / slider / next control. Frames are JPEG data URIs and the script is inline, so report.html
 * stays one offline file. Without JavaScript the strip still shows every frame.
 */

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Up to n frames evenly spaced over `frames` (the predicted tube's frames, in order), first and last
 * included; taken from the list, not the span, so each chosen frame has a predicted box. Fewer than n
 * when the tube has fewer frames.
 */
export function evenlySpaced(frames: readonly number[], n: number): number[] {
  if (frames.length === 0 || n < 1) return [];
  if (n === 1) return [frames[Math.floor(frames.length / 2)]!];
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const f = frames[Math.round((k * (frames.length - 1)) / (n - 1))]!;
    if (out[out.length - 1] !== f) out.push(f);
  }
  return out;
}

export interface StripFrame {
  frame: number;
  /** Encoded image (JPEG or PNG). */
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png';
}

/** The card's markup: viewer showing frame `start`, control, and the thumbnail strip. */
export function stripHtml(videoId: string, frames: readonly StripFrame[], start = 0): string {
  const n = frames.length;
  const i0 = Math.min(Math.max(0, start), n - 1);
  const uri = (f: StripFrame) => `data:${f.mime};base64,${f.bytes.toString('base64')}`;
  const thumbs = frames
    .map(
      (f, k) =>
        `<img class="kft${k === i0 ? ' on' : ''}" data-k="${k}" data-f="${f.frame}" src="${uri(f)}" ` +
        `alt="frame ${f.frame} of ${esc(videoId)}" onclick="kfShow(this.closest('.kf'),${k})">`,
    )
    .join('');
  // The viewer repeats the starting frame's data URI once so the card shows it before any script runs.
  return (
    `<div class="kf"><img class="kfv" src="${uri(frames[i0]!)}" alt="key frame ${frames[i0]!.frame} ` +
    `of ${esc(videoId)}">` +
    `<div class="kfc"><button type="button" class="kfp" onclick="kfStep(this,-1)" title="previous ` +
    `frame">&#9664;</button>` +
    (`<input type="range" class="kfr" min="0" max="${n - 1}" value="${i0}" ` +
      `oninput="kfShow(this.closest('.kf'),+this.value)" aria-label="key frame">`) +
    `<button type="button" class="kfn" onclick="kfStep(this,1)" title="next frame">&#9654;</button>` +
    `<span class="kfl">${i0 + 1}/${n} · frame ${frames[i0]!.frame}</span></div>` +
    `<div class="kfs">${thumbs}</div></div>`
  );
}

/** Styles of the strip (added to the report's <style>). */
export const STRIP_CSS =
  '.kf{width:320px}.kfv{display:block;width:320px}.kfc{display:flex;gap:4px;align-items:center;margin:4px 0}' +
  '.kfr{flex:1}.kfl{font-size:11px;color:#555;white-space:nowrap}.kfs{display:flex;gap:2px;overflow-x:auto}' +
  '.kft{width:50px;cursor:pointer;opacity:.55;border:2px solid transparent}.kft.on{opacity:1;border-color:#ff4136}';

/** Inline script: show thumbnail k in the viewer (clamped), sync slider and label; step by +-1. */
export const STRIP_JS =
  "<script>function kfShow(c,k){var t=c.querySelectorAll('.kft');k=Math.max(0,Math.min(t.length-1,k));" +
  "c.querySelector('.kfv').src=t[k].src;c.querySelector('.kfr').value=k;" +
  "c.querySelector('.kfl').textContent=(k+1)+'/'+t.length+' \\u00b7 frame '+t[k].dataset.f;" +
  "for(var i=0;i<t.length;i++)t[i].classList.toggle('on',i===k)}" +
  "function kfStep(b,d){var c=b.closest('.kf');kfShow(c,+c.querySelector('.kfr').value+d)}</script>";
