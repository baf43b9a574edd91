/** What the operator scripts (scripts/*.ts) build on: the Nest context without HTTP, arguments, confirmation, reports. */
export { intOption, parseCliArgs, UsageError } from './cli-args';
export { CliModule } from './cli.module';
export { confirm } from './confirm';
export { ExportFile } from './export-file';
export { JsonExportFile } from './json-export-file';
export { progressReporter } from './progress';
export { recordOperatorAction } from './operator-audit';
export { formatBytes, formatTime, textTable } from './report-format';
export { runCli } from './run-cli';
