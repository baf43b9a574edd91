import { ExportFile } from './export-file';

/**
 * A JSON document `{ ...head, [listKey]: [items] }` written to a new ExportFile item by item, so no
 * more than one item is held in memory.
 */
export class JsonExportFile {
  private separator = '\n';

  private constructor(private readonly file: ExportFile) {}

  /** Refuses an existing `path`: an export never overwrites a file. */
  static async create(path: string, head: Record<string, unknown>, listKey: string): Promise<JsonExportFile> {
    const file = new JsonExportFile(await ExportFile.create(path));
    // `{"a":1,"ops":[]}` without its closing `]}`: the list stays open for the items.
    await file.file.put(JSON.stringify({ ...head, [listKey]: [] }).slice(0, -2));
    return file;
  }

  async write(item: unknown): Promise<void> {
    await this.file.put(this.separator + JSON.stringify(item));
    this.separator = ',\n';
  }

  async finish(): Promise<void> {
    await this.file.put('\n]}\n');
    await this.file.finish();
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}
