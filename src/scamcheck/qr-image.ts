import { createRequire } from 'node:module';
import type jpegModule from 'jpeg-js';
import type jsQRModule from 'jsqr';
import type { PNG as PngClass } from 'pngjs';

/**
 * Reads a QR code from a photo (JPEG or PNG bytes), pure JavaScript (jpeg-js, pngjs, jsQR) so a fresh
 * machine installs it without native builds. Large photos are shrunk first (jsQR's time grows with the
 * pixel count); a second, smaller try helps blurry phone photos. The bytes are only read, never kept.
 */
/**
 * The decoders are loaded on the first photo, not at service start (they take a noticeable part of a
 * second to load on a small machine, and most messages are text). All three are CommonJS packages.
 */
interface Decoders {
  jpeg: typeof jpegModule;
  jsQR: typeof jsQRModule.default;
  PNG: typeof PngClass;
}
let decoders: Decoders | undefined;
function load(): Decoders {
  if (!decoders) {
    const require = createRequire(import.meta.url);
    const jsqr = require('jsqr') as { default?: typeof jsQRModule.default } & typeof jsQRModule.default;
    decoders = {
      jpeg: require('jpeg-js') as typeof jpegModule,
      jsQR: jsqr.default ?? jsqr,
      PNG: (require('pngjs') as { PNG: typeof PngClass }).PNG,
    };
  }
  return decoders;
}

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * The tries, cheapest first: longest side given to jsQR and whether to look for light-on-dark codes.
 * Telegram and Zalo deliver photos of at most 1280 px, so 800 px keeps a QR's modules several pixels wide.
 */
const TRIES = [
  { side: 800, invert: 'dontInvert' },
  { side: 500, invert: 'dontInvert' },
  { side: 800, invert: 'onlyInvert' },
] as const;

export type QrDecode =
  | { ok: true; text: string }
  | { ok: false; reason: 'too-large' | 'not-an-image' | 'no-qr' };

interface Rgba {
  data: Uint8Array | Uint8ClampedArray | Buffer;
  width: number;
  height: number;
}

function decodeImage(bytes: Uint8Array): Rgba | undefined {
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
      const png = load().PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { data: png.data, width: png.width, height: png.height };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const img = load().jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 50, maxMemoryUsageInMB: 512 });
      return { data: img.data, width: img.width, height: img.height };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Box-filter downscale so the longest side is at most `side` (returns the image itself when smaller). */
function shrink(img: Rgba, side: number): { data: Uint8ClampedArray; width: number; height: number } {
  const factor = Math.max(1, Math.ceil(Math.max(img.width, img.height) / side));
  if (factor === 1) return { data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height };
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const out = new Uint8ClampedArray(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * img.width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          r += img.data[i]!;
          g += img.data[i + 1]!;
          b += img.data[i + 2]!;
        }
      }
      const o = (y * width + x) * 4;
      out[o] = r / area;
      out[o + 1] = g / area;
      out[o + 2] = b / area;
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}

/** Decodes the QR code in a photo. Never throws. */
export function decodeQrImage(bytes: Uint8Array): QrDecode {
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { ok: false, reason: 'too-large' };
  const img = decodeImage(bytes);
  if (!img || img.width < 8 || img.height < 8) return { ok: false, reason: 'not-an-image' };
  const shrunk = new Map<number, ReturnType<typeof shrink>>();
  for (const { side, invert } of TRIES) {
    let small = shrunk.get(side);
    if (!small) {
      small = shrink(img, side);
      shrunk.set(side, small);
    }
    let found;
    try {
      found = load().jsQR(small.data, small.width, small.height, { inversionAttempts: invert });
    } catch {
      // jsQR throws on some noisy pictures (finder patterns it cannot place): no code there.
      found = null;
    }
    if (found?.data) return { ok: true, text: found.data };
  }
  return { ok: false, reason: 'no-qr' };
}
