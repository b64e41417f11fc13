import { ImageTooLargeError } from '../core/types.js';

/**
 * Downloads a picture a person sent (Telegram's file URL, Zalo's photo URL) into memory, refusing
 * more than `maxBytes` (by Content-Length, then while reading) and giving up after `timeoutMs`.
 * The URL is never put in an error message: Telegram's file URLs contain the bot token.
 */
export async function fetchImage(url: string, maxBytes: number, timeoutMs = 15_000): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    throw new Error(`image download failed (${err instanceof Error ? err.name : 'error'})`);
  }
  if (!res.ok) throw new Error(`image download failed (HTTP ${res.status})`);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new ImageTooLargeError(`image of ${declared} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ImageTooLargeError(`image over ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ImageTooLargeError) throw err;
    throw new Error(`image download failed (${err instanceof Error ? err.name : 'error'})`);
  }
  return Buffer.concat(chunks);
}
