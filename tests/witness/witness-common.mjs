// Shared by the witnesses: the plan from the test, a step runner that records each outcome, and the JSON answer.
// A witness never decides pass or fail: it reports what the provider's own client got, and the xunit test compares
// that with what FluxOps got from the same fake.
export const plan = JSON.parse(process.env.WITNESS_PLAN ?? '{}');

const results = {};

/** Runs one step; records its value, or the HTTP status and message the client's error carries. */
export async function step(name, action) {
  try {
    results[name] = { ok: true, value: await action() };
  } catch (error) {
    const status = error.status ?? error.statusCode ?? error.cause?.response?.status ?? null;
    const description = error.cause?.description ?? error.response?.data?.message ?? error.message;
    results[name] = { ok: false, status, message: typeof description === 'string' ? description : JSON.stringify(description) };
  }
  return results[name];
}

export function finish() {
  process.stdout.write(JSON.stringify(results));
}
