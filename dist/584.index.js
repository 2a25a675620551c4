export const id = 584;
export const ids = [584];
export const modules = {

/***/ 6584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   currentRepository: () => (/* binding */ currentRepository),
/* harmony export */   openGitHub: () => (/* binding */ openGitHub),
/* harmony export */   runLink: () => (/* binding */ runLink)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6856);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5625);
/**
 * The GitHub API client of a run: @actions/github's Octokit (GITHUB_API_URL, the runner's proxy settings),
 * with Octokit's throttling and retry plugins. A rate limit is waited out a few times when the wait is short,
 * then the call fails: what called it warns and leaves the work to the next run, so that GitHub never holds up
 * a pass, and never a mail.
 */




const PATIENCE = { retries: 2, maxWaitSeconds: 60 };
/**
 * How long one request may take before it is given up: a GitHub API that takes the connection and never answers
 * must not hold the run until the job's timeout (undici alone would wait 300 s for headers, three times).
 */
const REQUEST_TIMEOUT_MS = 10_000;
/** The client for `token`, which is never logged: Octokit sends it as a header only. */
function openGitHub(token, patience = PATIENCE, options = {}) {
    const limited = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const again = retryCount < patience.retries && retryAfter <= patience.maxWaitSeconds;
        _log_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
            (again ? `trying again in ${retryAfter} s` : 'not trying again this run'));
        return again;
    };
    const github = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        // As the environment is now: @actions/github reads it once, when it is first imported.
        baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        throttle: {
            onRateLimit: limited('primary'),
            onSecondaryRateLimit: limited('secondary'),
            ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryAfterBaseMs })
        },
        retry: { retries: 2 }
    }, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L);
    github.hook.before('request', options => {
        options.request = { ...options.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
    });
    return github;
}
/**
 * @actions/github's context as the environment is now: its `context` is read once, when it is first imported,
 * and a process may run more than one pass (the tests do).
 */
function currentContext() {
    const Context = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.constructor;
    return new Context();
}
/** The repository the workflow runs in, or undefined outside GitHub Actions. */
function currentRepository() {
    // `repo` reads GITHUB_REPOSITORY as it is now: no context to make again, nor the event's payload to read.
    if (!process.env.GITHUB_REPOSITORY)
        return undefined;
    return _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo;
}
/** The link to this workflow run, or undefined outside GitHub Actions. */
function runLink() {
    const now = currentContext();
    if (!process.env.GITHUB_REPOSITORY || !now.runId)
        return undefined;
    const { owner, repo } = now.repo;
    return `${now.serverUrl}/${owner}/${repo}/actions/runs/${now.runId}`;
}


/***/ })

};
