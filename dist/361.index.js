export const id = 361;
export const ids = [361];
export const modules = {

/***/ 3361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DynamoDbStateStore: () => (/* binding */ DynamoDbStateStore)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4305);
/* harmony import */ var _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8907);
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(4258);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5625);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3916);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7768);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9809);
/* harmony import */ var _targets_model_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3355);
/* harmony import */ var _decode_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2611);
/* harmony import */ var _history_usable_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3778);
/* harmony import */ var _item_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8350);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6992);












/** BatchGetItem takes at most 100 keys a call. */
const READ_BATCH = 100;
/** BatchExecuteStatement takes at most 25 statements a call. */
const INSERT_BATCH = 25;
/** Calls that write in flight at once: conditional updates, and batches of inserts. */
const WRITE_CONCURRENCY = 16;
/** Calls of a batch in all, while the table leaves part of it unprocessed. */
const BATCH_ATTEMPTS = 8;
/** How long the list of slow targets may take to read: 10 to 50 ms from a runner, 0.1 to 0.3 s here under load. */
const SLOW_READ_MS = 1500;
/** Errors of a statement in a batch that another attempt may not meet: the table was busy. */
const BUSY = new Set([
    'ProvisionedThroughputExceeded',
    'ThrottlingError',
    'RequestLimitExceeded',
    'InternalServerError',
    'TransactionConflict'
]);
/** Errors of an INSERT that say the item exists: an overlapping run wrote it first. */
const EXISTS = new Set(['DuplicateItem', 'ConditionalCheckFailed']);
/**
 * State in a DynamoDB table keyed by `url` (partition) and `name` (sort), as the legacy Lambda's table is.
 * `status` (BOOL, true when up) is kept for it; upwatch's own attributes sit beside it.
 */
class DynamoDbStateStore {
    table;
    sleep;
    writesAhead = true;
    documents;
    /**
     * The attributes, as stored, of the items read that could not be understood, by the first-seen state read
     * for them: the write of that state replaces the item, conditional on its version as stored.
     */
    unreadable = new WeakMap();
    /**
     * @param sleep how a batch waits before sending again what a call left unprocessed; tests pass one that does
     * not wait.
     */
    constructor(client, table, sleep) {
        this.table = table;
        this.sleep = sleep;
        this.documents = _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .DynamoDBDocumentClient */ .TG.from(client, {
            marshallOptions: { removeUndefinedValues: true },
            unmarshallOptions: { wrapNumbers: readNumber }
        });
    }
    async read(keys, { onPart, digest: digestKey, run: runKey } = {}) {
        const legacyDigest = digestKey && (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(digestKey) !== (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(_store_js__WEBPACK_IMPORTED_MODULE_4__/* .LEGACY_DIGEST_KEY */ .F$);
        const records = [
            ...(digestKey ? [digestKey] : []),
            ...(legacyDigest ? [_store_js__WEBPACK_IMPORTED_MODULE_4__/* .LEGACY_DIGEST_KEY */ .F$] : []),
            ...(runKey ? [runKey] : [])
        ];
        const batches = chunks([...keys, ...records], READ_BATCH);
        const states = new Map();
        const problems = new Map();
        let digest;
        let legacy;
        let run;
        await Promise.all(batches.map(async (batch) => {
            const part = new Map();
            for (const { url, name, ...attributes } of await this.readBatch(batch)) {
                const key = { url: String(url), name: String(name) };
                if (digestKey && (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key) === (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(digestKey)) {
                    digest = (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeDigest */ .bY)(attributes);
                    continue;
                }
                if (legacyDigest && (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key) === (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(_store_js__WEBPACK_IMPORTED_MODULE_4__/* .LEGACY_DIGEST_KEY */ .F$)) {
                    legacy = (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeDigest */ .bY)(attributes);
                    continue;
                }
                if (runKey && (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key) === (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(runKey)) {
                    run = (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeRun */ .am)(attributes);
                    continue;
                }
                const { state, faults, historyFaults } = (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeState */ .UJ)(attributes);
                const where = `the DynamoDB table ${this.table}`;
                if (faults.length > 0) {
                    this.unreadable.set(state, attributes);
                    problems.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .unreadableItem */ .vV)(key, where, faults));
                }
                if (historyFaults.length > 0)
                    problems.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .unreadableHistory */ .Cf)(key, where, historyFaults));
                states.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), state);
                part.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), state);
            }
            onPart?.(part);
        }));
        // In the order of the targets, whatever order the batches came back in.
        return {
            states,
            problems: keys.flatMap(key => problems.get((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key)) ?? []),
            digest,
            inheritedDigest: digest ? undefined : legacy,
            run
        };
    }
    /** One BatchGetItem, and the keys it left unprocessed again until none are left. */
    async readBatch(keys) {
        const items = [];
        try {
            await this.untilProcessed(keys.map(({ url, name }) => ({ url, name })), 'BatchGetItem', async (remaining) => {
                const response = await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .BatchGetCommand */ .Ov({ RequestItems: { [this.table]: { Keys: remaining, ConsistentRead: true } } }));
                items.push(...(response.Responses?.[this.table] ?? []));
                return response.UnprocessedKeys?.[this.table]?.Keys ?? [];
            });
        }
        catch (error) {
            throw this.failure('read the state of the targets from', error);
        }
        return items;
    }
    /**
     * A target seen for the first time with nothing to mail is inserted, in batches: a first sight of N targets
     * takes N/25 calls instead of N. An INSERT fails for an item that exists, as the update's condition does for a
     * target never seen, so of overlapping runs only one writes the item, whichever way. Every other write, and so
     * every change that is mailed, is a conditional update that carries its outbox.
     */
    async commit(writes) {
        const lost = new Set();
        const inserts = writes.filter(_store_js__WEBPACK_IMPORTED_MODULE_4__/* .quietFirstSight */ .qO);
        const updates = writes.filter(write => !(0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .quietFirstSight */ .qO)(write));
        await Promise.all([
            (0,_limit_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimit */ .s)(chunks(inserts, INSERT_BATCH), WRITE_CONCURRENCY, batch => this.insertBatch(batch, lost)),
            (0,_limit_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimit */ .s)(updates, WRITE_CONCURRENCY, write => this.update(write, lost))
        ]);
        return lost;
    }
    async update(write, lost) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR(this.updateOf(write)));
        }
        catch (error) {
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                lost.add((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(write.key));
            else
                throw this.failure(`write the state of ${write.key.name} to`, error);
        }
    }
    /**
     * One BatchExecuteStatement of INSERTs, and the statements the table was too busy for again until none are
     * left. An item that exists was written by an overlapping run: the write is lost, as a failed condition is.
     */
    async insertBatch(writes, lost) {
        try {
            await this.untilProcessed(writes, 'BatchExecuteStatement', async (remaining) => {
                const { Responses = [] } = await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .BatchExecuteStatementCommand */ .eC({ Statements: remaining.map(write => this.insertOf(write)) }));
                if (Responses.length !== remaining.length)
                    throw new Error(`${Responses.length} answers to ${remaining.length} statements`);
                return remaining.filter((write, index) => {
                    const code = Responses[index].Error?.Code;
                    if (code === undefined)
                        return false;
                    if (EXISTS.has(code)) {
                        lost.add((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(write.key));
                        return false;
                    }
                    if (BUSY.has(code))
                        return true;
                    throw new StatementError(write.key.name, code, Responses[index].Error?.Message);
                });
            });
        }
        catch (error) {
            if (error instanceof StatementError)
                throw this.failure(`write the state of ${error.target} to`, error);
            throw this.failure(`write the state of ${writes.length} targets seen for the first time to`, error);
        }
    }
    /**
     * Sends `items` with `call`, which answers what it left unprocessed, and that again with backoff until nothing
     * is left. A call that fails is retried by the SDK itself; what is left after that, or after every attempt
     * here, is a real failure.
     */
    async untilProcessed(items, operation, call) {
        let remaining = items;
        await (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .retry */ .L)(async (index) => {
            remaining = await call(remaining);
            if (remaining.length > 0)
                throw new Unprocessed(operation, remaining.length, index + 1 === BATCH_ATTEMPTS);
        }, {
            attempts: BATCH_ATTEMPTS,
            baseDelayMs: 100,
            maxDelayMs: 5000,
            retryable: error => error instanceof Unprocessed,
            onRetry: (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .logRetries */ .z)(`${operation} on ${this.table}`, _log_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz),
            sleep: this.sleep
        });
    }
    async settle(entries, runId, sent, now) {
        const each = entries.flatMap(({ key, changeIds }) => changeIds.map(id => ({ key, id })));
        await (0,_limit_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimit */ .s)(each, WRITE_CONCURRENCY, async ({ key, id }) => {
            try {
                await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                    TableName: this.table,
                    Key: { url: key.url, name: key.name },
                    UpdateExpression: sent
                        ? 'REMOVE #pending.#id SET #notifiedAt = :now, #version = #version + :one'
                        : 'SET #pending.#id.#leaseUntil = :released, #version = #version + :one',
                    ConditionExpression: '#pending.#id.#claim = :run',
                    ExpressionAttributeNames: {
                        '#pending': 'pending',
                        '#id': id,
                        '#version': 'version',
                        '#claim': 'claim',
                        ...(sent ? { '#notifiedAt': 'notifiedAt' } : { '#leaseUntil': 'leaseUntil' })
                    },
                    ExpressionAttributeValues: {
                        ':run': runId,
                        ':one': 1,
                        ...(sent ? { ':now': now } : { ':released': _store_js__WEBPACK_IMPORTED_MODULE_4__/* .RELEASED */ .iB })
                    }
                }));
            }
            catch (error) {
                // Another run took the claim over after our lease ran out: the entry is its to settle now.
                if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                    return;
                throw this.failure(`record the mail about ${key.name} in`, error);
            }
        });
    }
    async claimDigest(key, claim, now) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                TableName: this.table,
                Key: { url: key.url, name: key.name },
                UpdateExpression: 'SET #week = :week, #claim = :claim, #leaseUntil = :leaseUntil REMOVE #sentAt',
                // digestClaimable, as a condition; a week that is not a string is replaced, as no record would be.
                ConditionExpression: 'attribute_not_exists(#week) OR NOT attribute_type(#week, :string) OR #week < :week OR ' +
                    '(#week = :week AND attribute_not_exists(#sentAt) AND #leaseUntil <= :now)',
                ExpressionAttributeNames: {
                    '#week': 'week',
                    '#claim': 'claim',
                    '#leaseUntil': 'leaseUntil',
                    '#sentAt': 'sentAt'
                },
                ExpressionAttributeValues: {
                    ':week': claim.week,
                    ':claim': claim.claim,
                    ':leaseUntil': claim.leaseUntil,
                    ':now': now,
                    ':string': 'S'
                }
            }));
            return true;
        }
        catch (error) {
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                return false;
            throw this.failure('claim the weekly digest in', error);
        }
    }
    async adoptDigest(key, record) {
        const fields = ['week', 'claim', 'leaseUntil', 'sentAt'];
        await this.setWhere(key, record, fields, 'record the weekly digest in', 'attribute_not_exists(#week)');
    }
    async settleDigest(key, week, runId, sent, now) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                TableName: this.table,
                Key: { url: key.url, name: key.name },
                UpdateExpression: sent ? 'SET #sentAt = :now' : 'SET #leaseUntil = :released',
                ConditionExpression: '#week = :week AND #claim = :run',
                ExpressionAttributeNames: {
                    '#week': 'week',
                    '#claim': 'claim',
                    ...(sent ? { '#sentAt': 'sentAt' } : { '#leaseUntil': 'leaseUntil' })
                },
                ExpressionAttributeValues: {
                    ':week': week,
                    ':run': runId,
                    ...(sent ? { ':now': now } : { ':released': _store_js__WEBPACK_IMPORTED_MODULE_4__/* .RELEASED */ .iB })
                }
            }));
        }
        catch (error) {
            // Another run took the claim over after our lease ran out: the digest is its to settle now.
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                return;
            throw this.failure('record the weekly digest in', error);
        }
    }
    async recordRun(key, record) {
        if (record.startedAt === undefined && record.keptAliveAt === undefined)
            return true;
        const recorded = await this.recordRunOnce(key, record);
        // The keepalive's time is kept whatever the start: else a start recorded ahead would make every run call.
        if (!recorded && record.startedAt && record.keptAliveAt)
            await this.recordRunOnce(key, { keptAliveAt: record.keptAliveAt });
        return recorded;
    }
    recordRunOnce(key, record) {
        const fields = ['startedAt', 'keptAliveAt'];
        if (!record.startedAt)
            return this.setWhere(key, record, fields, 'record this run in');
        // A stored start further ahead than a clock may be (a runner's clock gone wrong, text that is no time,
        // which compares after every ISO time) orders nothing; a start that is not a string is replaced, as no
        // record would be.
        const ahead = new Date(Date.parse(record.startedAt) + _history_usable_js__WEBPACK_IMPORTED_MODULE_9__/* .MAX_AHEAD_MS */ .K).toISOString();
        return this.setWhere(key, record, fields, 'record this run in', 'attribute_not_exists(#startedAt) OR NOT attribute_type(#startedAt, :string) OR #startedAt < :startedAt OR #startedAt > :ahead', { ':string': 'S', ':ahead': ahead });
    }
    /**
     * Sets the `fields` that `record` has on the item `key` where `condition` holds, which names them as `#field`
     * and `:field` besides its own `values`: false when it does not; a failure says it could not `what`.
     */
    async setWhere(key, record, fields, what, condition, values = {}) {
        const names = fields.filter(name => record[name] !== undefined);
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                TableName: this.table,
                Key: { url: key.url, name: key.name },
                UpdateExpression: `SET ${names.map(name => `#${name} = :${name}`).join(', ')}`,
                ConditionExpression: condition,
                ExpressionAttributeNames: Object.fromEntries(names.map(name => [`#${name}`, name])),
                ExpressionAttributeValues: {
                    ...Object.fromEntries(names.map(name => [`:${name}`, record[name]])),
                    ...values
                }
            }));
            return true;
        }
        catch (error) {
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                return false;
            throw this.failure(what, error);
        }
    }
    /**
     * One read of the item, not consistent, tried once and given up after SLOW_READ_MS: it only orders the pass,
     * so that a table that does not answer costs the pass nothing more than the state's own read.
     */
    async readSlow(key) {
        try {
            const { Responses } = await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .BatchGetCommand */ .Ov({ RequestItems: { [this.table]: { Keys: [{ url: key.url, name: key.name }] } } }), { abortSignal: AbortSignal.timeout(SLOW_READ_MS) });
            return (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeSlow */ .gI)(Responses?.[this.table]?.[0]?.targets);
        }
        catch (error) {
            throw this.failure('read the list of slow targets from', error);
        }
    }
    async writeSlow(key, ids) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                TableName: this.table,
                Key: { url: key.url, name: key.name },
                UpdateExpression: 'SET #targets = :targets',
                ExpressionAttributeNames: { '#targets': 'targets' },
                ExpressionAttributeValues: { ':targets': ids.join(' ') }
            }));
        }
        catch (error) {
            throw this.failure('write the list of slow targets to', error);
        }
    }
    /**
     * The INSERT of a target's first item: every attribute of the state, as the first update would set them. The
     * names are quoted as PartiQL strings, the values passed as parameters.
     */
    insertOf({ key, next }) {
        const item = { ...(0,_item_js__WEBPACK_IMPORTED_MODULE_3__/* .attributesOf */ .Td)(next, undefined), url: key.url, name: key.name };
        const names = Object.keys(item).filter(name => item[name] !== undefined);
        const tuple = names.map(name => `'${name.replaceAll("'", "''")}': ?`).join(', ');
        return {
            Statement: `INSERT INTO "${this.table}" VALUE {${tuple}}`,
            Parameters: names.map(name => item[name])
        };
    }
    /**
     * The update that turns the item as read into `next`, built from the two states themselves, so that no
     * attribute is forgotten: what differs is set, what `next` no longer has is removed, and attributes upwatch
     * does not know (other tools' own) are left as they are. Conditional on the item being as read. An item
     * that could not be understood is compared as it is stored, not as the first sight read for it, so that
     * only what upwatch has to repair is written.
     */
    updateOf({ key, previous, next }) {
        const stored = previous && this.unreadable.get(previous);
        const before = stored ?? (previous ? (0,_item_js__WEBPACK_IMPORTED_MODULE_3__/* .storedAttributes */ .F7)(previous) : {});
        const after = (0,_item_js__WEBPACK_IMPORTED_MODULE_3__/* .attributesOf */ .Td)(next, previous);
        const expected = stored ? stored.version : previous?.version;
        // The item as decoded holds defaults it may not have stored: the first write gives it every attribute.
        const firstWrite = stored === undefined && expected === undefined;
        const set = Object.keys(after).filter(name => after[name] !== undefined && (firstWrite || !sameValue(before[name], after[name])));
        const remove = Object.keys(before).filter(name => before[name] !== undefined && after[name] === undefined);
        // Placeholders by position: attribute names need not be valid placeholder names.
        const names = {};
        const values = {};
        const assignments = set.map((name, index) => {
            names[`#s${index}`] = name;
            values[`:s${index}`] = after[name];
            return `#s${index} = :s${index}`;
        });
        const removals = remove.map((name, index) => {
            names[`#r${index}`] = name;
            return `#r${index}`;
        });
        const expression = [`SET ${assignments.join(', ')}`];
        if (removals.length > 0)
            expression.push(`REMOVE ${removals.join(', ')}`);
        let condition;
        if (previous === undefined) {
            condition = 'attribute_not_exists(#url)';
            names['#url'] = 'url';
        }
        else if (expected === undefined) {
            condition = 'attribute_exists(#url) AND attribute_not_exists(#version)';
            names['#url'] = 'url';
            names['#version'] = 'version';
        }
        else if (typeof expected === 'number' || expected instanceof _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS) {
            condition = '#version = :expected';
            names['#version'] = 'version';
            values[':expected'] = expected;
        }
        else {
            // A version that is not a number, which a write replaces with one: whatever it holds (a map need not
            // read back exactly: a key __proto__ is lost), the item is as read while it is not a number.
            condition = 'attribute_exists(#url) AND NOT attribute_type(#version, :number)';
            names['#url'] = 'url';
            names['#version'] = 'version';
            values[':number'] = 'N';
        }
        return {
            TableName: this.table,
            Key: { url: key.url, name: key.name },
            UpdateExpression: expression.join(' '),
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values
        };
    }
    failure(action, error) {
        const hint = error instanceof Error && /^ResourceNotFound(Exception)?$/.test(error.name)
            ? `the table does not exist in this region. Create it (partition key url, sort key name, both strings; see the README) or fix the input dynamodb-table`
            : (0,_aws_js__WEBPACK_IMPORTED_MODULE_10__/* .explainAwsError */ .N)(error);
        return new _errors_js__WEBPACK_IMPORTED_MODULE_11__/* .UserError */ .y(`Could not ${action} the DynamoDB table ${this.table}: ${hint}.`);
    }
}
class Unprocessed extends Error {
    constructor(operation, count, last) {
        const after = last ? ` after ${BATCH_ATTEMPTS} attempts (the table is throttled)` : '';
        super(`${operation} left ${count} unprocessed${after}`);
    }
}
/** The error of one statement in a batch, named by its code as the SDK names errors. */
class StatementError extends Error {
    target;
    constructor(target, code, message = '') {
        super(message);
        this.target = target;
        this.name = code;
    }
}
function chunks(items, size) {
    const batches = [];
    for (let start = 0; start < items.length; start += size)
        batches.push(items.slice(start, start + size));
    return batches;
}
/**
 * A stored number: as a number when JavaScript holds it exactly, else kept exact as a NumberValue (which the
 * SDK would otherwise make a BigInt of, or fail on, failing the whole read for one item with a huge number).
 */
function readNumber(text) {
    const number = Number(text);
    return Number.isSafeInteger(number) || (Number.isFinite(number) && !Number.isInteger(number))
        ? number
        : _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS.from(text);
}
/**
 * Attribute values compared as DynamoDB stores them: of one type and with the same content. JSON would not
 * do: it writes a set, binary and a map alike, and an item read as stored may hold any of them.
 */
function sameValue(a, b) {
    if (a instanceof _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS && b instanceof _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS)
        return a.toString() === b.toString();
    if (a instanceof Uint8Array && b instanceof Uint8Array)
        return Buffer.from(a).equals(b);
    if (a instanceof Set && b instanceof Set)
        return a.size === b.size && [...a].every(item => [...b].some(other => sameValue(item, other)));
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
    if ((0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .isMap */ .jh)(a) && (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .isMap */ .jh)(b)) {
        // Undefined values are not stored (removeUndefinedValues).
        const keys = (map) => Object.keys(map).filter(key => map[key] !== undefined);
        const [ours, theirs] = [keys(a), keys(b)];
        return (ours.length === theirs.length && ours.every(key => Object.hasOwn(b, key) && sameValue(a[key], b[key])));
    }
    return a === b;
}


/***/ })

};
