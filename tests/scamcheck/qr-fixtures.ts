import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** A QR code as a PNG screenshot. */
export function qrPng(payload: string, width = 400): Promise<Buffer> {
  return QRCode.toBuffer(payload, { width, margin: 4 });
}

/** The QR pasted into a larger grey picture, saved as JPEG: like a phone photo. */
export async function qrPhoto(payload: string): Promise<Buffer> {
  const qr = PNG.sync.read(await qrPng(payload, 360));
  const width = 1000;
  const height = 750;
  const data = Buffer.alloc(width * height * 4, 190);
  for (let y = 0; y < qr.height; y++) {
    for (let x = 0; x < qr.width; x++) {
      const si = (y * qr.width + x) * 4;
      const di = ((y + 180) * width + (x + 300)) * 4;
      data[di] = qr.data[si]!;
      data[di + 1] = qr.data[si + 1]!;
      data[di + 2] = qr.data[si + 2]!;
    }
  }
  return jpeg.encode({ data, width, height }, 85).data;
}

/** A picture with no QR code: random grey noise, as PNG. */
export function noisePng(): Buffer {
  const png = new PNG({ width: 300, height: 200 });
  let s = 42;
  for (let i = 0; i < png.data.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = s % 256;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** A phone-camera-like JPEG (noisy background, code in one part, slight blur, optional EXIF orientation). */
export { cameraPhoto } from '../../bench/lib/camera-photo.js';
