/**
 * The program of one cold request, run by bench/cold-start/process.ts as a fresh `node` process
 * in the artifact's folder with the function's environment: imports the bundle and calls its
 * handler once, timing each, then prints one marked line and exits (the SDK's sockets would keep
 * it alive, as Lambda keeps an environment alive). Plain JavaScript, so nothing but Node itself
 * is loaded before the bundle.
 *
 * Arguments: the bundle's path, the event as JSON, and `import-only` to time the load alone.
 */
const [file, eventJson, importOnly] = process.argv.slice(2);
const event = JSON.parse(eventJson);
const startedAt = performance.now();
const module = await import(`file://${file}`);
const loadedAt = performance.now();
let result, error;
if (importOnly !== 'import-only') {
  const deadline = Date.now() + Number(process.env.BENCH_TIMEOUT_MS);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: crypto.randomUUID(),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    result = await module.handler(event, context);
  } catch (caught) {
    error = String(caught?.stack || caught).slice(0, 2000);
  }
}
const answeredAt = performance.now();
// The answer without its body and headers: what the bench checks (status, failed records, emails sent).
const summary =
  result === undefined
    ? undefined
    : JSON.stringify(typeof result === 'object' && result ? { ...result, body: undefined, headers: undefined, cookies: undefined } : result);
process.stdout.write(
  `\n@@bench ${JSON.stringify({ bootMs: startedAt, loadMs: loadedAt - startedAt, requestMs: answeredAt - loadedAt, result: summary, error })}\n`,
  () => process.exit(0),
);
