/** Small formatting helpers shared by the features. */
const count = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return count.format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

/** The last segment of a path, whichever separator the OS uses. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function parentFolder(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

/** A library folder's name as shown: the data folder's uploads folder (`queries`) is "Uploads", as in the tree. */
export function folderName(folder: string, dataDir: string | null): string {
  const inData = dataDir !== null && parentFolder(folder) === dataDir.replace(/[\\/]+$/, '');
  return inData && fileName(folder) === 'queries' ? 'Uploads' : fileName(folder);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A time in a video as a person reads it: `0:09`, `12:04`, `1:02:03`. */
export function clockTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
