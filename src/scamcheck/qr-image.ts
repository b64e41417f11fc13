import { createRequire } from 'node:module';
import type jpegModule from 'jpeg-js';
import type jsQRModule from 'jsqr';
import type { PNG as PngClass } from 'pngjs';
import type sharpFn from 'sharp';

/**
 * Reads a QR code from a photo (JPEG or PNG bytes). The picture is decoded and shrunk by `sharp`
 * (libvips, prebuilt binaries from npm: a 12-megapixel phone JPEG is decoded at reduced size straight
 * from its DCT data, and turned upright from its EXIF orientation), then jsQR looks for the code at a
 * few sizes. When sharp cannot be loaded (a platform without its binaries) the pure-JavaScript path
 * (jpeg-js, pngjs, our box-filter shrink) is used instead: slower on big JPEGs, same answers. The bytes
 * are only read, never kept.
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
type Sharp = typeof sharpFn;
let sharpModule: Sharp | null | undefined;
/** sharp, or null when it cannot be loaded here (then the pure-JavaScript decoders are used). */
function loadSharp(): Sharp | null {
  if (sharpModule === undefined) {
    try {
      const require = createRequire(import.meta.url);
      sharpModule = require('sharp') as Sharp;
    } catch {
      sharpModule = null;
    }
  }
  return sharpModule;
}
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
/**
 * The tries with sharp. A light blur (σ 0.8) after shrinking smooths camera noise: jsQR then finds the
 * finder patterns at once instead of weighing thousands of noisy candidates (10× faster on a noisy
 * 1600×1200 photo, and it reads more of them). An unblurred try is kept for tiny screenshots, and a last
 * try at 1600 px for a camera photo (4000×3000) in which the code fills only a small part.
 */
const SHARP_TRIES = [
  { side: 800, blur: true, invert: 'dontInvert' },
  { side: 500, blur: true, invert: 'dontInvert' },
  { side: 800, blur: false, invert: 'dontInvert' },
  { side: 800, blur: true, invert: 'onlyInvert' },
  { side: 1600, blur: true, invert: 'dontInvert' },
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

function isPng(b: Uint8Array): boolean {
  return b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b[0] === 0xff && b[1] === 0xd8;
}

function scan(img: { data: Uint8ClampedArray; width: number; height: number }, invert: 'dontInvert' | 'onlyInvert'): string | undefined {
  try {
    return load().jsQR(img.data, img.width, img.height, { inversionAttempts: invert })?.data || undefined;
  } catch {
    // jsQR throws on some noisy pictures (finder patterns it cannot place): no code there.
    return undefined;
  }
}

/** Decodes the QR code in a photo (sharp when available, else pure JavaScript). Never throws. */
export async function decodeQrImage(bytes: Uint8Array): Promise<QrDecode> {
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { ok: false, reason: 'too-large' };
  if (!isPng(bytes) && !isJpeg(bytes)) return { ok: false, reason: 'not-an-image' };
  const sharp = loadSharp();
  if (!sharp) return decodeQrImagePureJs(bytes);
  const sized = new Map<string, { data: Uint8ClampedArray; width: number; height: number } | null>();
  const atSide = async (side: number, blur: boolean) => {
    const key = `${side}${blur ? 'b' : ''}`;
    if (!sized.has(key)) {
      try {
        let pipeline = sharp(bytes, { limitInputPixels: 50_000_000, failOn: 'error' })
          .rotate()
          .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true, kernel: 'linear' });
        if (blur) pipeline = pipeline.blur(0.8);
        const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        sized.set(key, info.width < 8 || info.height < 8 ? null : { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height });
      } catch {
        sized.set(key, null);
      }
    }
    return sized.get(key)!;
  };
  for (const { side, blur, invert } of SHARP_TRIES) {
    const img = await atSide(side, blur);
    if (!img) return { ok: false, reason: 'not-an-image' };
    const text = scan(img, invert);
    if (text) return { ok: true, text };
  }
  return { ok: false, reason: 'no-qr' };
}

/**
 * The pure-JavaScript decoder (jpeg-js / pngjs, box-filter shrink, jsQR): the fallback when sharp is
 * missing, and the benchmark's baseline. Never throws.
 */
export function decodeQrImagePureJs(bytes: Uint8Array): QrDecode {
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
    const text = scan(small, invert);
    if (text) return { ok: true, text };
  }
  return { ok: false, reason: 'no-qr' };
}
