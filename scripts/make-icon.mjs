// Draws the app icon (build/icon.png, 512×512), a coin marked C in the app's accent colour, and the browser mode's install icons. Run once after a design change.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

/**
 * The coin on a transparent square, `scale` of its 512-unit design to the size; a maskable icon
 * fills the square with the accent and keeps the coin inside the 80% safe circle.
 */
function draw(size, { maskable = false } = {}) {
  const pixels = Buffer.alloc(size * (size * 4 + 1));
  const c = size / 2;
  const unit = (size / 512) * (maskable ? 0.8 : 1);
  for (let y = 0; y < size; y++) {
    pixels[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const edge = (r) => Math.max(0, Math.min(1, r * unit - d + 0.5));
      const outer = maskable ? 1 : edge(232);
      const ring = edge(196) - edge(176);
      // A "C": an arc open to the right.
      const angle = Math.abs(Math.atan2(y + 0.5 - c, x + 0.5 - c));
      const letter = angle > 0.75 ? edge(122) - edge(82) : 0;
      const light = Math.max(ring, letter);
      pixels[o] = Math.round(74 + (230 - 74) * light);
      pixels[o + 1] = Math.round(58 + (226 - 58) * light);
      pixels[o + 2] = Math.round(255 + (255 - 255) * light);
      pixels[o + 3] = Math.round(255 * outer);
    }
  }
  return png(size, pixels);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let k = n;
  for (let i = 0; i < 8; i++) k = k & 1 ? 0xedb88320 ^ (k >>> 1) : k >>> 1;
  return k >>> 0;
});
const crc = (buf) => {
  let v = 0xffffffff;
  for (const b of buf) v = crcTable[(v ^ b) & 0xff] ^ (v >>> 8);
  return (v ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, tail]);
};
function png(size, pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

const out = (path, bytes) => writeFileSync(new URL(path, import.meta.url), bytes);
out('../build/icon.png', draw(512));
// The browser mode's install icons (renderer/public is copied beside index.html).
out('../renderer/public/icon-192.png', draw(192));
out('../renderer/public/icon-512.png', draw(512));
out('../renderer/public/icon-maskable-512.png', draw(512, { maskable: true }));
