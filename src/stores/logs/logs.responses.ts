import { AppendResult } from './append-plan';
import { LogEntry } from './log-entries.repository';

/** Wire types of the log routes (opsync-api.md §4); schemas in logs.response-schemas.ts. */

export interface AppendResponse {
  results: AppendResult[];
  latestSeq: number;
}

export interface EntryPageResponse {
  entries: LogEntry[];
  latestSeq: number;
  hasMore: boolean;
}

/** The last line of an NDJSON stream: every entry up to latestSeq was sent. */
export interface StreamEndLine {
  latestSeq: number;
  done: true;
}
