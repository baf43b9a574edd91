import { once } from 'node:events';
import fs from 'node:fs';

/**
 * A new file written piece by piece, waiting for the disk when the stream buffer is full. It is
 * written as `<path>.partial` with mode 600 (exports hold user data) and renamed to `path` only when
 * complete; abort() removes the partial file, so a failed export never leaves a file that looks whole.
 */
export class ExportFile {
  /** A write error the stream reported between two writes (it would otherwise crash the process). */
  private failure: Error | undefined;

  private constructor(
    private readonly path: string,
    private readonly partial: string,
    private readonly stream: fs.WriteStream,
  ) {
    stream.on('error', (error) => (this.failure ??= error));
  }

  /** Refuses an existing `path`: an export never overwrites a file. */
  static async create(path: string): Promise<ExportFile> {
    if (fs.existsSync(path)) throw new Error(`${path} already exists; remove it or choose another path`);
    const partial = `${path}.partial`;
    const file = new ExportFile(path, partial, fs.createWriteStream(partial, { mode: 0o600 }));
    await once(file.stream, 'open');
    return file;
  }

  async put(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async finish(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await fs.promises.rename(this.partial, this.path);
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await fs.promises.rm(this.partial, { force: true });
  }
}
