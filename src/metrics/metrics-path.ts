/** Where the Prometheus exposition is served, on the main port and on the METRICS_PORT listener. */
export const METRICS_PATH = '/metrics';
