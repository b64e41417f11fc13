import sharp from 'sharp';
import QRCode from 'qrcode';

export interface CameraPhotoOptions {
  /** Picture size as the camera stores it (e.g. 4000×3000 for a 12 MP phone, 1600×1200 after a chat app). */
  width: number;
  height: number;
  /** Width of the code as a share of the picture's width (0.2–0.5 for someone photographing a poster or a screen). */
  qrShare: number;
  /** EXIF orientation written in the file (6: the phone was held upright; viewers turn it). */
  orientation?: number;
  seed?: number;
  quality?: number;
}

/**
 * A phone-camera-like JPEG holding a QR code: a noisy, unevenly lit background (a table, a wall), the code
 * pasted off-centre at the given share of the width and slightly blurred (focus, hand shake), JPEG
 * quality 85 like phone cameras. Used by the QR tests and by `npm run bench:check`.
 */
export async function cameraPhoto(payload: string, o: CameraPhotoOptions): Promise<Buffer> {
  const seed = o.seed ?? 1;
  const qrSide = Math.round(o.width * o.qrShare);
  const qr = await sharp(await QRCode.toBuffer(payload, { width: qrSide, margin: 4 }))
    .resize(qrSide, qrSide)
    .blur(Math.max(0.5, qrSide / 900))
    .modulate({ brightness: 0.92 })
    .toBuffer();
  const left = Math.round((o.width - qrSide) * (0.2 + ((seed * 37) % 60) / 100));
  const top = Math.round(Math.max(0, o.height - qrSide) * (0.15 + ((seed * 53) % 70) / 100));
  const photo = await sharp({
    create: { width: o.width, height: o.height, channels: 3, background: { r: 150 + (seed % 40), g: 140, b: 120 }, noise: { type: 'gaussian', mean: 140, sigma: 25 } },
  })
    .composite([{ input: qr, left: Math.min(left, o.width - qrSide), top: Math.min(top, Math.max(0, o.height - qrSide)) }])
    .jpeg({ quality: o.quality ?? 85 })
    .toBuffer();
  if (o.orientation !== 6) return photo;
  // Stored turned a quarter to the left, with the EXIF tag that tells viewers to turn it back.
  return sharp(photo).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: o.quality ?? 85 }).toBuffer();
}
