// A JUnit XML reporter for node:test (works on every Node with --test-reporter, unlike the built-in one).
const escape = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

export default async function* junit(source) {
  const cases = [];
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.details?.type !== 'suite') {
      cases.push({
        name: event.data.name,
        file: event.data.file ?? '',
        seconds: (event.data.details?.duration_ms ?? 0) / 1000,
        error: event.type === 'test:fail' ? event.data.details?.error : null,
        skipped: Boolean(event.data.skip || event.data.todo),
      });
    }
  }
  const failures = cases.filter((c) => c.error).length;
  const skipped = cases.filter((c) => c.skipped).length;
  yield '<?xml version="1.0" encoding="utf-8"?>\n';
  yield `<testsuites tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n`;
  yield `<testsuite name="e2e" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n`;
  for (const c of cases) {
    yield `<testcase name="${escape(c.name)}" classname="${escape(c.file)}" time="${c.seconds}">`;
    if (c.error) {
      yield `<failure message="${escape(c.error.message ?? c.error)}">${escape(c.error.stack ?? c.error.cause?.stack ?? '')}</failure>`;
    }
    if (c.skipped) {
      yield '<skipped/>';
    }
    yield '</testcase>\n';
  }
  yield '</testsuite>\n</testsuites>\n';
}
