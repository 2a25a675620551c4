export const id = 523;
export const ids = [523];
export const modules = {

/***/ 4523:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   askVantages: () => (/* binding */ askVantages)
/* harmony export */ });
/* unused harmony exports checkOf, PLACE_TEXT_LIMIT */
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4258);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
/* harmony import */ var _judge_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2040);
/* harmony import */ var _model_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8306);
/**
 * The second opinion: the targets the runner saw reach their failure threshold this pass, checked again from
 * every vantage (a Lambda function in another region, infra/vantage.yml) before a DOWN is stored. One
 * invocation per vantage (per MAX_VANTAGE_CHECKS suspects), all at once, within one deadline; a vantage that
 * errs or misses it abstains. Loaded only by a pass that has suspects: a steady pass invokes nothing.
 */





/**
 * What the time a vantage has for its checks leaves for the rest: the invocation's way there and back, and a
 * cold start (a function not invoked for a while takes a few hundred ms to start).
 */
const TRANSIT_MS = 2_000;
/** Each suspect's opinion, by its result. */
async function askVantages(suspects, asking) {
    const started = performance.now();
    // The deadline counts from here: loading the client is part of what the asking adds to the pass.
    const signal = AbortSignal.timeout(asking.deadlineMs);
    const { LambdaClient, InvokeCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(696)]).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    const checks = suspects.map((result, index) => checkOf(result.target, String(index)));
    const batches = [];
    for (let start = 0; start < checks.length; start += _model_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_VANTAGE_CHECKS */ .Wi)
        batches.push(checks.slice(start, start + _model_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_VANTAGE_CHECKS */ .Wi));
    const clients = new Map();
    const clientOf = (region) => {
        let client = clients.get(region);
        if (!client) {
            const config = (0,_aws_js__WEBPACK_IMPORTED_MODULE_3__/* .clientConfig */ .y)(region, asking.credentials);
            // One try, waited on for the whole deadline: a retry could only come after it.
            const timeout = { ...config.requestHandler, requestTimeout: asking.deadlineMs };
            clients.set(region, (client = new LambdaClient({ ...config, maxAttempts: 1, requestHandler: timeout })));
        }
        return client;
    };
    const unasked = (vantage, batch, why) => {
        asking.warn(`The vantage in ${vantage.place} gave no verdict on ${batch.length} target(s): ${asking.redact(why)}`);
        return everyOne(batch, why);
    };
    /** One vantage's answers to one batch, by check id; an abstention for each when the invocation failed. */
    const invoke = async (vantage, batch) => {
        const request = { checks: batch, deadlineMs: Math.max(1_000, asking.deadlineMs - TRANSIT_MS) };
        try {
            const output = await clientOf(vantage.region).send(new InvokeCommand({
                FunctionName: vantage.arn,
                Payload: new TextEncoder().encode(JSON.stringify(request))
            }), { abortSignal: signal });
            const payload = output.Payload ? new TextDecoder().decode(output.Payload) : '';
            if (!output.FunctionError)
                return answersOf(batch, payload);
            return unasked(vantage, batch, `the function failed (${output.FunctionError}): ${errorOf(payload)}`);
        }
        catch (error) {
            const timedOut = signal.aborted || (error instanceof Error && error.name === 'TimeoutError');
            const why = timedOut ? `no answer within ${asking.deadlineMs / 1000}s` : (0,_aws_js__WEBPACK_IMPORTED_MODULE_3__/* .explainAwsError */ .N)(error);
            return unasked(vantage, batch, why);
        }
    };
    const answers = await Promise.all(asking.vantages.map(async (vantage) => {
        const found = new Map();
        for (const part of await Promise.all(batches.map(batch => invoke(vantage, batch))))
            for (const [id, answer] of part)
                found.set(id, answer);
        return found;
    }));
    for (const client of clients.values())
        client.destroy();
    const opinions = new Map();
    suspects.forEach((result, index) => {
        const verdicts = asking.vantages.map((vantage, at) => {
            const answer = answers[at].get(String(index)) ?? 'it sent no answer for this check';
            const abstained = (why) => ({
                place: vantage.place,
                abstained: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shortened */ .vI)(asking.redact(why), PLACE_TEXT_LIMIT)
            });
            if (typeof answer === 'string')
                return abstained(answer);
            try {
                const verdict = (0,_judge_js__WEBPACK_IMPORTED_MODULE_1__/* .judgeFacts */ .H0)(answer, result.target, asking.now, asking.redact);
                return 'abstained' in verdict
                    ? abstained(verdict.abstained)
                    : {
                        place: vantage.place,
                        health: verdict.health,
                        reason: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shortened */ .vI)(verdict.reason, PLACE_TEXT_LIMIT)
                    };
            }
            catch (error) {
                // Facts nothing foresaw prove nothing: one target's answer never ends the pass for the others.
                return abstained(`its answer could not be judged (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .describeError */ .U)(error)})`);
            }
        });
        opinions.set(result, (0,_judge_js__WEBPACK_IMPORTED_MODULE_1__/* .weigh */ .vi)(result, verdicts, asking.quorum));
    });
    const ms = Math.round(performance.now() - started);
    asking.log(`Asked ${asking.vantages.length} vantage(s) about ${suspects.length} target(s) in ${ms} ms`);
    return opinions;
}
/** A target's check as a vantage runs it: what the runner's probe sends, secrets substituted. */
function checkOf(target, id) {
    const { expect } = target;
    const check = { id, url: target.address, timeoutMs: target.timeoutMs };
    if (target.protocol === 'tcp') {
        if (target.send !== undefined)
            check.send = target.send;
        if (expect.body !== undefined || expect.bodyNot !== undefined)
            check.reply = true;
        if (expect.body !== undefined && expect.body.regex === undefined && expect.bodyNot === undefined)
            check.until = expect.body.source;
        return check;
    }
    return {
        ...check,
        method: target.method,
        headers: target.headers,
        ...(target.body !== undefined && { body: target.body }),
        ...(target.insecure && { insecure: true }),
        followRedirects: target.followRedirects,
        ...(target.secrets && { secretHeaders: target.secrets.headers, secretBody: target.secrets.body })
    };
}
/**
 * The most of a place's reason or abstention kept, redacted first: a place's text is stored with its DOWN, in
 * an item that stays one read unit (state/item.ts); the runner's own reasons are no longer.
 */
const PLACE_TEXT_LIMIT = 160;
const everyOne = (batch, why) => new Map(batch.map(check => [check.id, why]));
/** The function's own error, as Lambda returns it: `errorType: errorMessage`, cut short. */
function errorOf(payload) {
    try {
        const { errorType, errorMessage } = JSON.parse(payload);
        const text = [errorType, errorMessage].filter(part => typeof part === 'string').join(': ');
        return text || 'no message';
    }
    catch {
        return 'no message';
    }
}
/**
 * The answers of an invocation, by check id, each checked for the shape judging needs: a vantage relays what
 * servers sent, and a function that is not a vantage (a wrong ARN) may answer anything. What cannot be read
 * abstains.
 */
function answersOf(batch, payload) {
    let results;
    try {
        results = JSON.parse(payload)?.results;
    }
    catch {
        results = undefined;
    }
    if (!Array.isArray(results))
        return everyOne(batch, 'its answer is not a vantage’s (no results)');
    const ids = new Set(batch.map(check => check.id));
    const found = new Map();
    for (const result of results) {
        const id = result?.id;
        if (typeof id !== 'string' || !ids.has(id) || found.has(id))
            continue;
        found.set(id, readable(result) ? result : 'its answer for this check could not be read');
    }
    return found;
}
/** Node's error codes and the vantage's own: `ECONNREFUSED`, `ERR_TLS_CERT_ALTNAME_INVALID`, `DEADLINE`. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Whether an answer has the shape VantageResult declares, as far as judging reads it. */
function readable(value) {
    const result = value;
    const timings = result.timings;
    if (typeof timings !== 'object' || timings === null || typeof timings.totalMs !== 'number')
        return false;
    if (result.error !== undefined) {
        const error = result.error;
        return (typeof error?.code === 'string' &&
            ERROR_CODE.test(error.code) &&
            typeof error.phase === 'string' &&
            typeof error.message === 'string');
    }
    const validTo = result.certificateValidTo;
    const time = typeof validTo === 'string' && !Number.isNaN(Date.parse(validTo));
    if (validTo !== undefined && validTo !== null && !time)
        return false;
    if (result.notFollowed !== undefined &&
        !['too-many', 'scheme', 'invalid', 'secret'].includes(result.notFollowed))
        return false;
    if (result.body !== undefined && typeof result.body !== 'string')
        return false;
    if (result.status !== undefined && !(Number.isInteger(result.status) && result.status >= 100))
        return false;
    const headers = result.headers;
    if (headers === undefined)
        return true;
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
        return false;
    return Object.values(headers).every(header => header === undefined ||
        typeof header === 'string' ||
        (Array.isArray(header) && header.every(part => typeof part === 'string')));
}


/***/ })

};
