export const id = 298;
export const ids = [298,584];
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


/***/ }),

/***/ 7298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  syncIncidents: () => (/* binding */ syncIncidents)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/client.ts
var client = __webpack_require__(6584);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/state/commit.ts
var commit = __webpack_require__(3660);
// EXTERNAL MODULE: ./src/targets/model.ts
var model = __webpack_require__(3355);
;// CONCATENATED MODULE: ./src/incidents/plan.ts
/**
 * What a target's state asks of its GitHub issue (input incident-issues), decided from the state alone, so that
 * what a run could not do is done by the next one: an outage that was mailed and has no issue gets one, a
 * reminder that was mailed is told on the issue, and an issue whose outage is over gets the recovery and is
 * closed. A target whose state asks nothing costs no call: a steady pass makes none.
 */
/**
 * How long a run's claim on opening an issue holds: longer than the GitHub calls of a pass can take, rate limits
 * waited out included (incidents/index.ts opens nothing with less than half of it left).
 */
const ISSUE_LEASE_MS = 10 * 60_000;
/**
 * The work `state` asks for at `now`, or undefined. Only once its mail is out: a change still pending under
 * another run's claim is that run's to send first, and its issue waits with it.
 */
function issueWork(state, runId, now) {
    if (state === undefined || state.assumed)
        return undefined;
    if (Object.values(state.pending).some(entry => entry.claim !== runId))
        return undefined;
    const record = state.issue;
    // Claimed and not recorded: the run that claimed it is opening it, or died; after its lease, look first.
    const held = record?.number === undefined &&
        record?.claim !== undefined &&
        record.claim !== runId &&
        Date.parse(record.leaseUntil ?? '') > now;
    if (state.announced !== 'down' || state.announcedSince === undefined)
        return record && !held ? { kind: 'recover', record } : undefined;
    const outage = state.announcedSince;
    if (record?.outage !== outage)
        return { kind: 'open', outage, search: false, earlier: record };
    if (record.number !== undefined) {
        const reminded = state.remindedAt;
        return reminded !== undefined && Date.parse(reminded) > Date.parse(record.reminded ?? outage)
            ? { kind: 'remind', number: record.number, outage, reminded }
            : undefined;
    }
    return held ? undefined : { kind: 'open', outage, search: true };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/escape.ts
var src_escape = __webpack_require__(2988);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/incidents/text.ts
/**
 * What upwatch writes on GitHub: the title and body of an outage's issue, its comments, and the hidden marker
 * by which a run finds an issue that an earlier run opened and could not record. Everything a server or the
 * targets file says is escaped (escape.ts `literal`): no markdown, HTML, mention or issue reference from it.
 * URLs are shown as the targets file writes them, passwords masked, and every text passes `redact`.
 */





/** The labels of every issue upwatch opens; created in the repository when missing. */
const LABELS = [
    { name: 'upwatch', color: '0e8a16', description: 'Opened by upwatch' },
    { name: 'incident', color: 'd73a4a', description: 'A service is down' }
];
/**
 * A target's key in a marker: a digest, since a URL as written may hold a secret in its query, and a public
 * repository's issues are public.
 */
function keyDigest(key) {
    return (0,external_node_crypto_.createHash)('sha256').update((0,model/* keyOf */.T)(key)).digest('hex').slice(0, 16);
}
/** Targets listed in a marker at most: a group larger than this is found by the run that opened it alone. */
const MARKED = 100;
/**
 * The marker of an issue that run `run` opened for `outage` of the targets `keys`: an HTML comment, which GitHub
 * does not show. A run that died after opening it left its id in the targets' claims: the next run finds the
 * issue by that id, and, where the run opened more than one, by the target's digest.
 */
function marker(run, outage, keys) {
    const mark = { run, outage, ...(keys.length <= MARKED && { targets: keys.map(keyDigest) }) };
    return `<!-- upwatch:incident ${JSON.stringify(mark)} -->`;
}
/** What the markers in `body` say. People may edit a body: anything else is no marker. */
function markersIn(body) {
    const found = [];
    for (const [, json] of (body ?? '').matchAll(/<!-- upwatch:incident (\{[^\n]*?\}) -->/g)) {
        try {
            const { run, outage, targets } = JSON.parse(json);
            const listed = targets === undefined || (Array.isArray(targets) && targets.every(t => typeof t === 'string'));
            if (typeof run === 'string' && typeof outage === 'string' && listed)
                found.push({ run, outage, ...(targets !== undefined && { targets: targets }) });
        }
        catch {
            // Not a marker upwatch wrote.
        }
    }
    return found;
}
/** Whether `mark` is of the issue that run `run` opened for the target `key`. */
function marks(mark, run, key) {
    return mark.run === run && (mark.targets === undefined || mark.targets.includes(keyDigest(key)));
}
/**
 * Targets listed in the table of a group's issue, and the characters kept of each text there: GitHub takes a
 * body of at most 65,536 characters, and escaping can make a character six.
 */
const LISTED = 20;
const cut = (text, most = 120) => (text.length > most ? `${text.slice(0, most - 1)}…` : text);
/** `🔴 api is down`, or `🔴 12 targets are down` for one issue of many. */
function issueTitle(downs) {
    return downs.length === 1 ? `🔴 ${(0,src_escape/* printable */.g$)(downs[0].name)} is down` : `🔴 ${downs.length} targets are down`;
}
/** The issue's body: what failed, since when, where, the timings and the run; then the marker. */
function issueBody(downs, runId, outage, runLink, redact) {
    const run = runLink ? `[this run](${runLink})` : 'a run outside GitHub Actions';
    const lines = downs.length === 1
        ? [
            `**${(0,src_escape/* literal */.eu)(downs[0].name)}** is down since ${(0,format/* isoTime */.Ly)(downs[0].since)}, as ${run} found.`,
            '',
            `- **What failed:** ${(0,src_escape/* literal */.eu)(cut(redact(downs[0].reason), 1000))}`,
            `- **URL:** ${(0,src_escape/* literal */.eu)(cut(redact(downs[0].url), 1000))}`,
            ...(downs[0].timings ? [`- **Timings:** ${(0,summary/* describeTimings */.$g)(downs[0].timings)}`] : [])
        ]
        : [
            `${downs.length} targets went down at once, as ${run} found: one issue for all of them.`,
            '',
            '| target | since | what failed | URL |',
            '| --- | --- | --- | --- |',
            ...downs
                .slice(0, LISTED)
                .map(down => `| ${(0,src_escape/* literal */.eu)(cut(redact(down.name)))} | ${(0,format/* isoTime */.Ly)(down.since)} | ${(0,src_escape/* literal */.eu)(cut(redact(down.reason)))} | ${(0,src_escape/* literal */.eu)(cut(redact(down.url)))} |`),
            ...(downs.length > LISTED
                ? [
                    '',
                    `... and ${downs.length - LISTED} more: the job summary and the results of the run list them all.`
                ]
                : [])
        ];
    return [
        ...lines,
        '',
        `upwatch comments here while ${downs.length === 1 ? 'it stays' : 'they stay'} down, and closes this issue ` +
            `when ${downs.length === 1 ? 'it recovers' : 'the last of them recovers'}. Closing it yourself is fine: ` +
            'upwatch does not open it again, and still mails the recovery.',
        '',
        marker(runId, outage, downs.map(down => down.key))
    ].join('\n');
}
/** A reminder, as a line of a comment: still down, for how long, and why. */
function reminderComment(down, now, redact) {
    const lasted = (0,format/* formatDuration */.a3)(now - Date.parse(down.since));
    return `🔴 **${(0,src_escape/* literal */.eu)(down.name)}** is still down after ${lasted}, since ${(0,format/* isoTime */.Ly)(down.since)}: ${(0,src_escape/* literal */.eu)(cut(redact(down.reason), 300))}`;
}
/**
 * A recovery, as a line of a comment: when, and after how long down. `back` is when it came back; undefined
 * when a new outage began before upwatch could tell of this one's end.
 */
function recoveryComment(name, outage, back) {
    if (back === undefined)
        return `✅ The outage of **${(0,src_escape/* literal */.eu)(name)}** that began at ${(0,format/* isoTime */.Ly)(outage)} is over; it has gone down again since, in an outage of its own.`;
    const lasted = (0,format/* formatDuration */.a3)(Date.parse(back) - Date.parse(outage));
    return `✅ **${(0,src_escape/* literal */.eu)(name)}** recovered at ${(0,format/* isoTime */.Ly)(back)}, after ${lasted} down.`;
}

;// CONCATENATED MODULE: ./src/incidents/index.ts
/**
 * Incidents as GitHub issues (input incident-issues), after the pass's mail is out: an issue per outage that
 * was mailed DOWN (one for all when more than `incident-issues-group-above` targets went down in the run),
 * a comment per reminder, and on recovery a comment and the close, by the last target of the issue to recover.
 *
 * Exactly once: opening an issue is claimed with a conditional write to the target's item, and the number is
 * recorded the same way; a run that died in between leaves its claim (its run id) to run out, and the next run
 * finds the issue by the marker in its body, which names that run, before it would open another. upwatch
 * touches only issues with its marker, never deletes, locks or reopens one, and a person's close stands. A
 * GitHub call that fails is a warning, and the target's state still asks for the work, so the next run does it:
 * GitHub never holds up a mail.
 */







/** Before it opens an issue, a run must still hold its claim this long: a create waited out twice fits in it. */
const CREATE_MARGIN_MS = 5 * 60_000;
/** The issues of a pass's outages, opened, told and closed as the targets' states ask. Returns the calls made. */
async function syncIncidents(pass) {
    if (jobsOf(pass, pass.states).length === 0)
        return 0;
    const repository = (0,client.currentRepository)();
    if (!repository) {
        log/* warning */.$e('incident-issues needs the repository the workflow runs in (GITHUB_REPOSITORY): no issue was touched.');
        return 0;
    }
    // Read again: an overlapping run may have done some of it meanwhile.
    const { states } = await pass.store.read(jobsOf(pass, pass.states).map(job => job.target));
    const jobs = jobsOf(pass, states);
    if (jobs.length === 0)
        return 0;
    const github = (0,client.openGitHub)(pass.token, pass.patience);
    let calls = 0;
    github.hook.before('request', () => void calls++);
    const issues = new Issues(github, repository, pass);
    await issues.open(jobs.filter((job) => job.work.kind === 'open'));
    await issues.remind(jobs.filter((job) => job.work.kind === 'remind'));
    await issues.recover(jobs.filter((job) => job.work.kind === 'recover'));
    log/* debug */.Yz(`GitHub API: ${calls} calls for the issues of ${jobs.length} targets`);
    return calls;
}
function jobsOf(pass, states) {
    return pass.targets.flatMap(target => {
        const state = states.get((0,model/* keyOf */.T)(target));
        const work = issueWork(state, pass.runId, pass.now);
        return state && work ? [{ target, state, work }] : [];
    });
}
/** The calls of one pass, and what it records of them in the targets' items. */
class Issues {
    github;
    repository;
    pass;
    link = (0,client.runLink)();
    started = performance.now();
    labelled = false;
    constructor(github, repository, pass) {
        this.github = github;
        this.repository = repository;
        this.pass = pass;
    }
    /** The pass's clock, run on by the time the issues have taken: what leases are counted in. */
    clock() {
        return this.pass.now + (performance.now() - this.started);
    }
    /**
     * Ends an earlier outage's issue still open, claims each outage's issue, finds the one a run that died
     * opened or opens it, and records its number.
     */
    async open(jobs) {
        if (jobs.length === 0)
            return;
        // An earlier issue is ended before the record that names it is replaced: else nothing would close it.
        const ready = [];
        const earlier = jobs.filter(job => job.work.earlier !== undefined);
        const lost = await this.search(earlier.filter(job => job.work.earlier?.number === undefined && job.work.earlier?.claim !== undefined), job => job.work.earlier.claim);
        for (const job of jobs) {
            const number = job.work.earlier?.number ?? lost.get((0,model/* keyOf */.T)(job.target));
            if (number === undefined || (await this.endEarlier(job, number)))
                ready.push(job);
        }
        if (ready.length === 0)
            return;
        const leaseUntil = new Date(this.clock() + ISSUE_LEASE_MS).toISOString();
        const claims = ready.map(job => this.write(job, { outage: job.work.outage, claim: this.pass.runId, leaseUntil }));
        const beaten = await this.pass.store.commit(claims);
        const claimed = claims.flatMap((write, index) => beaten.has((0,model/* keyOf */.T)(write.key)) ? [] : [{ ...ready[index], state: written(write) }]);
        // The run whose claim ran out, as the item named it before this run's claim replaced it.
        const dead = new Map(ready.map(job => [(0,model/* keyOf */.T)(job.target), job.state.issue?.claim ?? '']));
        const found = await this.search(claimed.filter(job => job.work.search), job => dead.get((0,model/* keyOf */.T)(job.target)) ?? '');
        const opened = new Map(found);
        const toOpen = claimed.filter(job => !found.has((0,model/* keyOf */.T)(job.target)));
        if (toOpen.length > 0 && (await this.labels())) {
            const groups = toOpen.length > this.pass.groupAbove ? [toOpen] : toOpen.map(job => [job]);
            for (const group of groups) {
                const held = await this.renew(group, leaseUntil);
                if (held.length === 0)
                    continue;
                const number = await this.create(held);
                if (number !== undefined)
                    for (const job of held)
                        opened.set((0,model/* keyOf */.T)(job.target), number);
            }
        }
        await this.record(claimed.filter(job => opened.has((0,model/* keyOf */.T)(job.target))), (job, stored) => 
        // Still this run's claim on this outage: nobody recorded another issue meanwhile.
        stored?.issue?.outage === job.work.outage && stored.issue.claim === this.pass.runId
            ? { outage: job.work.outage, number: opened.get((0,model/* keyOf */.T)(job.target)) }
            : false);
    }
    /**
     * The jobs whose claim this run still holds, renewed right before their issue is opened: a run slowed down
     * (rate limits waited out) whose claim another run took over meanwhile opens nothing, and one whose claim is
     * nearly out leaves the opening to the next run.
     */
    async renew(jobs, leaseUntil) {
        if (this.clock() > Date.parse(leaseUntil) - CREATE_MARGIN_MS) {
            log/* warning */.$e('The GitHub issues took too long to open this run; the next run opens what is left.');
            return [];
        }
        const until = new Date(this.clock() + ISSUE_LEASE_MS).toISOString();
        const renewals = jobs.map(job => this.write(job, { ...job.state.issue, leaseUntil: until }));
        let lost;
        try {
            lost = await this.pass.store.commit(renewals);
        }
        catch (error) {
            log/* warning */.$e(`Could not renew the claims on the issues (${(0,errors/* describeError */.U)(error)}); the next run tries again.`);
            return [];
        }
        return jobs.flatMap((job, index) => {
            if (lost.has((0,model/* keyOf */.T)(job.target)))
                return [];
            job.state = written(renewals[index]);
            return [job];
        });
    }
    /**
     * Tells each issue of the reminders mailed since its last one, in one comment for all its targets, unless a
     * person closed it.
     */
    async remind(jobs) {
        const told = [];
        for (const [number, reminding] of byIssue(jobs, job => job.work.number)) {
            const done = await this.attempt(`tell issue #${number} of a reminder`, async () => {
                const issue = await this.ours(number);
                if (issue?.state === 'open')
                    await this.comment(number, reminding.map(job => reminderComment(this.down(job), this.clock(), this.pass.redact)));
            });
            if (done)
                told.push(...reminding);
        }
        await this.record(told, (job, stored) => stored?.issue?.number === job.work.number ? { ...stored.issue, reminded: job.work.reminded } : false);
    }
    /**
     * Tells each issue of its targets' recoveries, in one comment, and closes it when none of its targets is down
     * any more, unless a person closed it already; then forgets the issue in the targets' items.
     */
    async recover(jobs) {
        const unknown = jobs.filter(job => job.work.record.number === undefined);
        const found = await this.search(unknown, job => job.work.record.claim ?? '');
        const numberOf = (job) => job.work.record.number ?? found.get((0,model/* keyOf */.T)(job.target));
        // A claim whose issue is nowhere: nothing to tell, only the record to end.
        const done = unknown.filter(job => numberOf(job) === undefined);
        const known = jobs.filter(job => numberOf(job) !== undefined);
        for (const [number, recovering] of byIssue(known, job => numberOf(job))) {
            const ok = await this.attempt(`tell issue #${number} of a recovery`, async () => {
                const issue = await this.ours(number);
                if (!issue)
                    return;
                const back = (job) => (job.state.announced === 'down' ? undefined : job.state.announcedSince);
                const lines = recovering.map(job => recoveryComment(job.target.name, job.work.record.outage, back(job)));
                const closing = issue.state === 'open' && !this.stillDown(number, recovering);
                const many = markersIn(issue.body).some(mark => mark.targets === undefined || mark.targets.length > 1);
                if (closing && many)
                    lines.push('Every target of this issue is back.');
                await this.comment(number, lines);
                if (closing)
                    await this.close(number);
            });
            if (ok)
                done.push(...recovering);
        }
        await this.record(done, (job, stored) => 
        // Only the record of the outage that ended: a new outage's claim or issue stays.
        stored?.issue?.outage === job.work.record.outage ? undefined : false);
    }
    /**
     * The issue of an earlier outage of a target that went down again before it was closed: told, and closed
     * unless another of its targets is still down. Whether it is done.
     */
    endEarlier(job, number) {
        const outage = job.work.earlier.outage;
        return this.attempt(`close issue #${number} of an earlier outage of ${job.target.name}`, async () => {
            const issue = await this.ours(number);
            if (!issue)
                return;
            await this.comment(number, [recoveryComment(job.target.name, outage, undefined)]);
            if (issue.state === 'open' && !this.stillDown(number, [job]))
                await this.close(number);
        });
    }
    /** Whether a target of issue `number` other than `leaving` is still down after the pass. */
    stillDown(number, leaving) {
        const keys = new Set(leaving.map(job => (0,model/* keyOf */.T)(job.target)));
        return [...this.pass.states].some(([key, state]) => !keys.has(key) && state.issue?.number === number && state.announced === 'down');
    }
    /**
     * The issues that runs which died opened for these jobs and could not record, by the marker naming the run
     * (`runOf`, the claim it left) among the issues with upwatch's label, newest first, a few pages at most.
     */
    async search(jobs, runOf) {
        const found = new Map();
        if (jobs.length === 0)
            return found;
        await this.attempt('look for the issues of runs that died', async () => {
            for (let page = 1; page <= SEARCH_PAGES && found.size < jobs.length; page++) {
                const { data } = await this.github.rest.issues.listForRepo({
                    ...this.repository,
                    labels: LABELS[0].name,
                    state: 'all',
                    sort: 'created',
                    direction: 'desc',
                    per_page: 100,
                    page
                });
                for (const issue of data)
                    for (const mark of markersIn(issue.body))
                        for (const job of jobs)
                            if (!found.has((0,model/* keyOf */.T)(job.target)) && marks(mark, runOf(job), job.target))
                                found.set((0,model/* keyOf */.T)(job.target), issue.number);
                if (data.length < 100)
                    break;
            }
        });
        return found;
    }
    /**
     * The issue, if it carries upwatch's marker: no other issue is touched, whatever its labels. One that was
     * deleted or moved is gone: there is nothing to tell it, and the target's record of it ends.
     */
    async ours(number) {
        try {
            const { data } = await this.github.rest.issues.get({ ...this.repository, issue_number: number });
            if (markersIn(data.body).length > 0)
                return data;
            log/* warning */.$e(`Issue #${number} has no upwatch marker in its body any more, so upwatch leaves it alone.`);
        }
        catch (error) {
            if (statusOf(error) !== 404 && statusOf(error) !== 410)
                throw error;
            log/* warning */.$e(`Issue #${number} is gone (deleted or moved), so upwatch forgets it.`);
        }
        return undefined;
    }
    /** The labels of upwatch's issues, made once when the repository lacks them. */
    async labels() {
        if (this.labelled)
            return true;
        this.labelled = await this.attempt('make the labels upwatch and incident', async () => {
            for (const label of LABELS) {
                try {
                    await this.github.rest.issues.getLabel({ ...this.repository, name: label.name });
                }
                catch (error) {
                    if (statusOf(error) !== 404)
                        throw error;
                    await this.github.rest.issues.createLabel({ ...this.repository, ...label });
                }
            }
        });
        return this.labelled;
    }
    /**
     * Opens the issue of `jobs`' outage, assigned to their targets' assignees (GitHub takes ten; one it refuses
     * leaves the issue unassigned, with a warning); its number, or undefined.
     */
    async create(jobs) {
        const downs = jobs.map(job => this.down(job));
        const assignees = [...new Set(jobs.flatMap(job => job.target.assignees ?? []))].slice(0, 10);
        const what = jobs.length === 1 ? jobs[0].target.name : `${jobs.length} targets`;
        let number;
        await this.attempt(`open the issue of ${what}`, async () => {
            const issue = {
                ...this.repository,
                title: issueTitle(downs),
                body: issueBody(downs, this.pass.runId, jobs[0].work.outage, this.link, this.pass.redact),
                labels: LABELS.map(label => label.name)
            };
            try {
                number = (await this.github.rest.issues.create({ ...issue, ...(assignees.length > 0 && { assignees }) })).data.number;
            }
            catch (error) {
                if (statusOf(error) !== 422 || assignees.length === 0)
                    throw error;
                log/* warning */.$e(`GitHub refused the assignees ${assignees.join(', ')} of ${what}: the issue is unassigned.`);
                number = (await this.github.rest.issues.create(issue)).data.number;
            }
            log/* info */.pq(`Opened issue #${number}: ${issueTitle(downs)}`);
        });
        return number;
    }
    /** A target as its issue tells of it: this pass's result where it has one, else the state. */
    down(job) {
        const result = this.pass.results.get((0,model/* keyOf */.T)(job.target));
        return {
            key: job.target,
            name: job.target.name,
            url: job.target.url,
            reason: job.state.reason ?? result?.reason ?? 'unknown',
            since: job.state.announcedSince ?? job.state.since ?? new Date(this.pass.now).toISOString(),
            timings: result?.health === 'down' ? result.timings : undefined
        };
    }
    /** One comment: `lines` (the first ones, when many targets change at once), and the link to this run. */
    async comment(number, lines) {
        const shown = lines.length > COMMENT_LINES ? lines.slice(0, COMMENT_LINES - 1) : lines;
        const more = lines.length - shown.length;
        const rest = more > 0 ? [`... and ${more} more: the job summary and the results of the run list them all.`] : [];
        const run = this.link ? ['', `[upwatch run](${this.link})`] : [];
        await this.github.rest.issues.createComment({
            ...this.repository,
            issue_number: number,
            body: [...shown, ...rest, ...run].join('\n')
        });
    }
    async close(number) {
        await this.github.rest.issues.update({
            ...this.repository,
            issue_number: number,
            state: 'closed',
            state_reason: 'completed'
        });
        log/* info */.pq(`Closed issue #${number}: its outage is over.`);
    }
    /** The write that gives `job`'s item `issue`, over the item as this run knows it. */
    write(job, issue) {
        return { key: job.target, previous: job.state, next: { ...job.state, issue } };
    }
    /**
     * Records in the jobs' items what `next` makes of the record stored (false: nothing, another run has it),
     * conditionally, deciding again from the item read again when a write loses. A failure is a warning.
     */
    async record(jobs, next) {
        const writes = jobs.flatMap(job => {
            const issue = next(job, job.state);
            return issue === false ? [] : [{ ...this.write(job, issue), job }];
        });
        if (writes.length === 0)
            return;
        await this.attempt('record the issues in the state', async () => {
            await (0,commit/* commitDecided */.W)(this.pass.store, writes, (write, stored) => {
                const issue = next(write.job, stored);
                return issue === false || stored === undefined
                    ? { ...write, write: false }
                    : { ...write, previous: stored, next: { ...stored, issue }, write: true };
            });
        });
    }
    /** Runs `call`; a failure is a warning that says what was left for the next run. Whether it worked. */
    async attempt(what, call) {
        try {
            await call();
            return true;
        }
        catch (error) {
            log/* warning */.$e(`Could not ${what} on GitHub (${this.pass.redact((0,errors/* describeError */.U)(error))}); the next run tries again.`);
            return false;
        }
    }
}
/** The HTTP status of a failed GitHub call (Octokit's RequestError), if it has one. */
const statusOf = (error) => error.status;
/** Jobs by the issue `numberOf` gives, in the order of the jobs. */
function byIssue(jobs, numberOf) {
    const by = new Map();
    for (const job of jobs)
        by.set(numberOf(job), [...(by.get(numberOf(job)) ?? []), job]);
    return by;
}
/** Pages of upwatch's issues looked through for a marker: the 300 it opened last. */
const SEARCH_PAGES = 3;
/** Lines of a comment at most: one per target, when many change at once. */
const COMMENT_LINES = 50;
/** The item as `write` left it: its version counted up, as the store does. */
function written(write) {
    return { ...write.next, version: (write.previous?.version ?? 0) + 1 };
}


/***/ })

};
