// Quiet, deterministic observability for the suite: logs at ERROR only, EMF metrics off.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_SERVICE_NAME ??= 'call-connector-test';
