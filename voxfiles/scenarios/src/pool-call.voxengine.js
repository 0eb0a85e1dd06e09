// Built by `voxmask build` from scenarios/ (TypeScript). Do not edit: change the sources and rebuild.
(function () {
    'use strict';
    /* voxmask scenario configuration, validated at build time */
    const settings = {
        "pin": {
            "length": 5,
            "attempts": 3,
            "firstDigitTimeoutS": 8,
            "interDigitTimeoutS": 5,
            "revealCallerMismatch": false,
            "skipForKnownCaller": [
                "+493025550102"
            ]
        },
        "dial": {
            "ringTimeoutS": 30,
            "ringback": {
                "type": "tone",
                "country": "US"
            },
            "whisperTimeoutS": 10
        },
        "call": {
            "maxCallS": 1800,
            "warningBeforeEndS": 30
        },
        "operator": {
            "target": {
                "type": "sip",
                "uri": "sip:desk@pbx.example.com"
            },
            "ringTimeoutS": 30,
            "offerWindowS": 6
        },
        "recording": {
            "enabled": false,
            "startAt": "bridge",
            "stereo": true,
            "expire": ""
        },
        "language": {
            "default": "en",
            "byVirtualNumber": {
                "+493025550101": "de"
            }
        },
        "voices": {
            "en": "Amazon.en_US_Joanna",
            "de": "Default.de_DE_Male"
        },
        "prompts": {
            "en": {},
            "de": {}
        },
        "results": {
            "webhookUrl": "https://backend.example.com/voxmask/call-results",
            "secretName": "voxmask-webhook-secret",
            "attempts": 4,
            "requestTimeoutS": 5,
            "backoffS": 1,
            "deadLetterTtlS": 604800
        },
        "pool": {
            "noRoute": "operator"
        },
        "clickToCall": {
            "virtualNumber": "+493025550100"
        },
        "lockout": {
            "maxFailures": 5,
            "windowS": 3600,
            "lockS": 3600,
            "numberBudget": {
                "maxFailures": 50,
                "attempts": 1,
                "delayS": 10
            }
        }
    };
    class CallerGoneError extends Error {
        constructor() {
            super('the caller hung up');
            this.name = 'CallerGoneError';
        }
    }
    class WaitTimeoutError extends Error {
        constructor(what) {
            super(`timed out waiting for ${what}`);
            this.name = 'WaitTimeoutError';
        }
    }
    function errorMessage(err) {
        return err instanceof Error ? err.message : String(err);
    }
    const DECIMAL_DIGIT = /\p{Nd}/u;
    const DECIMAL_DIGITS = /\p{Nd}/gu;
    function digitValue(char) {
        const cp = char.codePointAt(0);
        let start = cp;
        while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1)))
            start -= 1;
        return (cp - start) % 10;
    }
    function normaliseDigits(text) {
        return text.normalize('NFKC').replace(DECIMAL_DIGITS, (d) => (d >= '0' && d <= '9' ? d : String(digitValue(d))));
    }
    function digitsOf(text) {
        return normaliseDigits(text).replace(/[^0-9]/g, '');
    }
    const LETTER = /(?!\p{Default_Ignorable_Code_Point})\p{L}/u;
    const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u;
    function classify(char) {
        const code = char.charCodeAt(0);
        if (code < 0x80) {
            if (code >= 0x30 && code <= 0x39)
                return { kind: 'digit', digits: char, ascii: true };
            if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
                return { kind: 'letter' };
            return { kind: 'other' };
        }
        const normal = normaliseDigits(char);
        if (LETTER.test(normal))
            return { kind: 'letter' };
        const digits = normal.replace(/[^0-9]/g, '');
        return digits ? { kind: 'digit', digits, ascii: false } : { kind: 'other' };
    }
    function runsOf(text) {
        const runs = [];
        let run = [];
        let group;
        for (let i = 0; i < text.length;) {
            const char = String.fromCodePoint(text.codePointAt(i));
            const next = i + char.length;
            const cls = classify(char);
            if (cls.kind === 'digit') {
                if (group && group.end === i) {
                    group.end = next;
                    group.digits += cls.digits;
                    group.ascii = group.ascii && cls.ascii;
                }
                else {
                    group = { start: i, end: next, digits: cls.digits, ascii: cls.ascii };
                    run.push(group);
                }
            }
            else if (cls.kind === 'letter' || LINE_BREAK.test(char)) {
                if (run.length)
                    runs.push(run);
                run = [];
                group = undefined;
            }
            i = next;
        }
        if (run.length)
            runs.push(run);
        return runs;
    }
    const E164_PATTERN_SOURCE = '^\\+[1-9][0-9]{6,14}$';
    const E164 = new RegExp(E164_PATTERN_SOURCE, 'u');
    function isE164(value) {
        return E164.test(value);
    }
    const NUMBER_SEPARATORS = /[\s()./\u2010-\u2015\u2212-]/gu;
    const PLAIN_NUMBER = /^(\+?)([0-9]+)$/;
    const ZERO_IS_PART_OF_NUMBER = new Set(['39', '378', '379', '225', '241', '242']);
    function internationalDigits(raw, defaultCountryCode) {
        if (typeof raw !== 'string')
            return null;
        const match = PLAIN_NUMBER.exec(normaliseDigits(raw).replace(NUMBER_SEPARATORS, ''));
        if (!match)
            return null;
        const international = withCountryCode(match[2], match[1] === '+', defaultCountryCode ?? null);
        const digits = international === null ? null : withoutTrunkZero(international);
        return digits !== null && digits.length >= 6 && digits.length <= 15 ? digits : null;
    }
    function withCountryCode(digits, plus, defaultCountryCode) {
        if (digits.startsWith('00'))
            return digits.replace(/^0+/, '');
        if (digits.startsWith('0')) {
            if (defaultCountryCode === null)
                return null;
            return ZERO_IS_PART_OF_NUMBER.has(defaultCountryCode) ? `${defaultCountryCode}${digits}` : `${defaultCountryCode}${digits.slice(1)}`;
        }
        if (!plus && defaultCountryCode === '7' && /^8[0-9]{10}$/.test(digits))
            return `7${digits.slice(1)}`;
        return digits;
    }
    function withoutTrunkZero(digits) {
        const cc = digits.slice(0, countryCodeLength(digits));
        return ZERO_IS_PART_OF_NUMBER.has(cc) ? digits : `${cc}${digits.slice(cc.length).replace(/^0+/, '')}`;
    }
    function samePhone(a, b, defaultCountryCode) {
        const da = internationalDigits(a, defaultCountryCode);
        return da !== null && da === internationalDigits(b, defaultCountryCode);
    }
    const TWO_DIGIT_COUNTRY_CODES = new Set([
        '20',
        '27',
        '30',
        '31',
        '32',
        '33',
        '34',
        '36',
        '39',
        '40',
        '41',
        '43',
        '44',
        '45',
        '46',
        '47',
        '48',
        '49',
        '51',
        '52',
        '53',
        '54',
        '55',
        '56',
        '57',
        '58',
        '60',
        '61',
        '62',
        '63',
        '64',
        '65',
        '66',
        '81',
        '82',
        '84',
        '86',
        '90',
        '91',
        '92',
        '93',
        '94',
        '95',
        '98',
    ]);
    function countryCodeLength(digits) {
        if (digits.startsWith('1') || digits.startsWith('7'))
            return 1;
        return TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2)) ? 2 : 3;
    }
    function countryCodeOf(raw) {
        const digits = internationalDigits(raw);
        return digits === null ? null : digits.slice(0, countryCodeLength(digits));
    }
    const MASK_VISIBLE_TAIL = 3;
    function maskPhone(raw) {
        const digits = internationalDigits(raw);
        if (digits === null)
            return '<withheld>';
        const cc = countryCodeLength(digits);
        const hidden = digits.length - cc - MASK_VISIBLE_TAIL;
        if (hidden < 3)
            return `+${'*'.repeat(digits.length)}`;
        return `+${digits.slice(0, cc)}${'*'.repeat(hidden)}${digits.slice(-MASK_VISIBLE_TAIL)}`;
    }
    class ShapeReader {
        constructor(text, run) {
            this.text = text;
            this.run = run;
        }
        gap(i) {
            return i + 1 < this.run.length ? this.text.slice(this.run[i].end, this.run[i + 1].start) : undefined;
        }
        num(i, min, max, maxValue) {
            const g = this.run[i];
            if (!g || !g.ascii || g.digits.length < min || g.digits.length > max)
                return undefined;
            const value = Number(g.digits);
            return value <= maxValue ? value : undefined;
        }
        shapeAt(i) {
            const date = this.dateAt(i);
            if (date !== undefined) {
                const time = this.gap(date) === ' ' ? this.timeAt(date + 1) : undefined;
                return time ?? date;
            }
            return this.timeAt(i) ?? this.addressAt(i);
        }
        maskedAt(i) {
            const gap = this.gap(i);
            if (gap === undefined ||
                !/^\*{3,}$/.test(gap) ||
                this.num(i, 1, 3, Infinity) === undefined ||
                this.num(i + 1, 3, 3, Infinity) === undefined)
                return undefined;
            return i + 1;
        }
        dateAt(i) {
            const year = this.num(i, 4, 4, 2199);
            const month = this.num(i + 1, 2, 2, 12);
            const day = this.num(i + 2, 2, 2, 31);
            if (year === undefined || year < 1900 || !month || !day)
                return undefined;
            const separator = this.gap(i);
            return (separator === '-' || separator === '/') && this.gap(i + 1) === separator ? i + 2 : undefined;
        }
        timeAt(i) {
            if (this.num(i, 1, 2, 99) === undefined || this.gap(i) !== ':' || this.num(i + 1, 2, 2, 59) === undefined)
                return undefined;
            let end;
            if (this.gap(i + 1) === ':' && this.num(i + 2, 2, 2, 59) !== undefined) {
                end = i + 2;
                if (this.gap(end) === '.' && this.num(end + 1, 1, 9, Infinity) !== undefined)
                    end += 1;
            }
            else if (this.gap(i + 1) === '.' && this.num(i, 2, 2, 59) !== undefined && this.num(i + 2, 1, 9, Infinity) !== undefined) {
                end = i + 2;
            }
            else if (this.num(i, 1, 2, 23) !== undefined) {
                end = i + 1;
            }
            else {
                return undefined;
            }
            const zone = this.gap(end);
            if ((zone === '+' || zone === '-') &&
                this.num(end + 1, 2, 2, 14) !== undefined &&
                this.gap(end + 1) === ':' &&
                this.num(end + 2, 2, 2, 59) !== undefined) {
                end += 2;
            }
            return end;
        }
        addressAt(i) {
            for (let k = 0; k < 4; k++) {
                if (this.num(i + k, 1, 3, 255) === undefined || (k < 3 && this.gap(i + k) !== '.'))
                    return undefined;
            }
            if (this.gap(i + 3) === ':' && this.num(i + 4, 1, 5, 65535) !== undefined)
                return i + 4;
            return this.text.slice(0, this.run[i].start).endsWith('//') ? i + 3 : undefined;
        }
    }
    function readableShapes(text, run) {
        const reader = new ShapeReader(text, run);
        const shapes = [];
        const kept = [];
        const isMasked = new Array(run.length).fill(false);
        for (let i = 0; i < run.length;) {
            const masked = reader.maskedAt(i);
            if (masked !== undefined) {
                kept.push({ from: i, to: masked });
                isMasked[i] = isMasked[masked] = true;
                i = masked + 1;
                continue;
            }
            const end = reader.shapeAt(i);
            if (end === undefined) {
                i += 1;
                continue;
            }
            shapes.push({ from: i, to: end });
            i = end + 1;
        }
        for (let s = 0; s < shapes.length;) {
            let e = s;
            while (e + 1 < shapes.length && shapes[e + 1].from === shapes[e].to + 1)
                e += 1;
            const from = shapes[s].from;
            const to = shapes[e].to;
            if ((from === 0 || isMasked[from - 1]) && (to === run.length - 1 || isMasked[to + 1]))
                kept.push(...shapes.slice(s, e + 1));
            s = e + 1;
        }
        return kept;
    }
    const MIN_MASKED_DIGITS = 7;
    const PLUS = '+';
    const MAX_KEPT_DIGITS = 18;
    function keepSet(keep) {
        const set = new Set();
        for (const number of []) {
            if (typeof number !== 'string')
                continue;
            const written = normaliseDigits(number).replace(/[^0-9]/g, '');
            if (written)
                set.add(written);
            const canonical = internationalDigits(number);
            if (canonical)
                set.add(canonical);
        }
        return set;
    }
    function isKept(groups, plus, keep) {
        const digits = groups.map((g) => g.digits).join('');
        if (keep.has(digits))
            return true;
        const canonical = internationalDigits(`${plus ? '+' : ''}${digits}`);
        return canonical !== null && keep.has(canonical);
    }
    function maskedDigits(digits, plus) {
        if (digits.length < MIN_MASKED_DIGITS)
            return '*'.repeat(digits.length);
        const written = `${plus ? '+' : ''}${digits}`;
        if (internationalDigits(written) !== null)
            return maskPhone(written);
        return '*'.repeat(digits.length - MASK_VISIBLE_TAIL) + digits.slice(-MASK_VISIBLE_TAIL);
    }
    function isPlus(char) {
        return char !== undefined && char !== '' && (char === PLUS || (char.charCodeAt(0) >= 0x80 && normaliseDigits(char).trim() === PLUS));
    }
    function pieceStart(text, offset, floor, end) {
        let i = offset;
        if (i > floor && text[i - 1] === '(' && text.slice(i, end).includes(')'))
            i -= 1;
        let j = i;
        while (j > floor && /\s/u.test(text[j - 1]))
            j -= 1;
        return j > floor && isPlus(text[j - 1]) ? { start: j - 1, plus: true } : { start: i, plus: false };
    }
    function maskPhonesInText(text, options) {
        if (typeof text !== 'string' || text === '')
            return text;
        const keep = keepSet();
        const edits = [];
        for (const run of runsOf(text)) {
            const total = run.reduce((n, g) => n + g.digits.length, 0);
            if (total < MIN_MASKED_DIGITS)
                continue;
            const readable = readableShapes(text, run);
            const isShape = new Array(run.length).fill(false);
            for (const { from, to } of readable)
                for (let i = from; i <= to; i++)
                    isShape[i] = true;
            for (let from = 0; from < run.length;) {
                if (isShape[from]) {
                    from += 1;
                    continue;
                }
                let to = from;
                while (to + 1 < run.length && !isShape[to + 1])
                    to += 1;
                edits.push(...maskComponent(text, run, from, to, keep));
                from = to + 1;
            }
        }
        let out = '';
        let at = 0;
        for (const edit of edits) {
            out += text.slice(at, edit.start) + edit.replacement;
            at = edit.end;
        }
        return out + text.slice(at);
    }
    function maskComponent(text, run, from, to, keep) {
        const floor = from === 0 ? 0 : run[from - 1].end;
        const hasPlus = (i) => pieceStart(text, run[i].start, i === from ? floor : run[i - 1].end, run[i].end).plus;
        const isKeptRange = (a, b) => keep.size > 0 && isKept(run.slice(a, b + 1), hasPlus(a), keep);
        if (isKeptRange(from, to))
            return [];
        const kept = new Array(to - from + 1).fill(false);
        let carved = false;
        if (keep.size > 0) {
            for (let a = from; a <= to; a++) {
                let longest = -1;
                for (let b = a, digits = 0; b <= to && (digits += run[b].digits.length) <= MAX_KEPT_DIGITS; b++) {
                    if (digits >= MIN_MASKED_DIGITS && isKeptRange(a, b))
                        longest = b;
                }
                if (longest < 0)
                    continue;
                for (let i = a; i <= longest; i++)
                    kept[i - from] = true;
                carved = true;
                a = longest;
            }
        }
        const leftover = run.slice(from, to + 1).filter((_, i) => !kept[i]);
        const leftoverDigits = leftover.reduce((n, g) => n + g.digits.length, 0);
        if (!carved && leftoverDigits < MIN_MASKED_DIGITS)
            return [];
        const edits = [];
        for (let a = from; a <= to;) {
            if (kept[a - from]) {
                a += 1;
                continue;
            }
            let b = a;
            while (b + 1 <= to && !kept[b + 1 - from])
                b += 1;
            const { start, plus } = pieceStart(text, run[a].start, a === from ? floor : run[a - 1].end, run[b].end);
            const digits = run
                .slice(a, b + 1)
                .map((g) => g.digits)
                .join('');
            edits.push({ start, end: run[b].end, replacement: maskedDigits(digits, plus) });
            a = b + 1;
        }
        return edits;
    }
    function logEvent(event, fields = {}) {
        const parts = Object.entries(fields)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
        Logger.write(maskPhonesInText(`voxmask ${event}${parts.length ? ` ${parts.join(' ')}` : ''}`));
    }
    function logError(where, err) {
        const e = err instanceof Error ? err : new Error(String(err));
        logEvent('error', { where, error: e.name, message: e.message });
    }
    const STORAGE_TIMEOUT_MS = 8000;
    const STORAGE_FAILED = Symbol('storage failed');
    function listen(call, event, fn) {
        call.addEventListener(event, fn);
        return () => call.removeEventListener(event, fn);
    }
    class CallScope {
        constructor(hooks) {
            this.hooks = hooks;
            this.peers = [];
            this.legs = [];
            this.primaryGone = false;
            this.primaryCall = null;
            this.primaryTimes = null;
            this.timers = new Set();
            this.goneWaiters = new Set();
        }
        get primary() {
            if (!this.primaryCall)
                throw new Error('no primary leg yet');
            return this.primaryCall;
        }
        get primaryLeg() {
            if (!this.primaryTimes)
                throw new Error('no primary leg yet');
            return this.primaryTimes;
        }
        get hasPrimary() {
            return this.primaryCall !== null;
        }
        attachPrimary(call, leg) {
            if (this.primaryCall)
                throw new Error('the primary leg is already attached');
            this.primaryCall = call;
            this.primaryTimes = leg;
            if (!this.legs.includes(leg))
                this.legs.unshift(leg);
            const gone = () => this.markPrimaryGone(true);
            listen(call, CallEvents.Disconnected, gone);
            listen(call, CallEvents.Failed, gone);
        }
        cancel() {
            this.markPrimaryGone(false);
        }
        addPeer(call, leg) {
            this.peers.push(call);
            this.legs.push(leg);
        }
        wait(setup, options) {
            return new Promise((resolve, reject) => {
                if (this.primaryGone) {
                    reject(new CallerGoneError());
                    return;
                }
                let settled = false;
                let teardown = null;
                const settle = (outcome) => {
                    if (settled)
                        return;
                    settled = true;
                    this.goneWaiters.delete(onGone);
                    cancelTimer();
                    if (teardown)
                        teardown();
                    if ('error' in outcome)
                        reject(outcome.error);
                    else
                        resolve(outcome.value);
                };
                const onGone = () => settle({ error: new CallerGoneError() });
                this.goneWaiters.add(onGone);
                const cancelTimer = this.timer(options.timeoutMs, () => {
                    const value = options.onTimeout();
                    settle(value instanceof Error ? { error: value } : { value });
                });
                const off = setup((value) => settle({ value }), (error) => settle({ error }));
                if (settled)
                    off();
                else
                    teardown = off;
            });
        }
        async storage(warning, start) {
            const value = await this.wait((done) => {
                try {
                    start().then(done, () => done(STORAGE_FAILED));
                }
                catch {
                    done(STORAGE_FAILED);
                }
                return () => undefined;
            }, { timeoutMs: STORAGE_TIMEOUT_MS, onTimeout: () => STORAGE_FAILED });
            if (value === STORAGE_FAILED)
                this.hooks.warn(warning);
            return value;
        }
        pause(seconds) {
            return this.wait(() => () => undefined, { timeoutMs: seconds * 1000, onTimeout: () => undefined });
        }
        timer(ms, fn) {
            const id = setTimeout(() => {
                this.timers.delete(id);
                fn();
            }, ms);
            this.timers.add(id);
            return () => {
                clearTimeout(id);
                this.timers.delete(id);
            };
        }
        releaseAll() {
            for (const id of this.timers)
                clearTimeout(id);
            this.timers.clear();
            const now = Date.now();
            for (const peer of this.peers) {
                if (peer.state() !== 'TERMINATED')
                    peer.hangup();
            }
            for (const leg of this.legs)
                leg.markEnded(now);
        }
        markPrimaryGone(byPrimary) {
            if (this.primaryGone)
                return;
            this.primaryGone = true;
            if (byPrimary) {
                this.primaryTimes?.markEnded(Date.now());
                this.hooks.onPrimaryGone();
            }
            logEvent(byPrimary ? 'caller_gone' : 'cancelled');
            for (const waiter of Array.from(this.goneWaiters))
                waiter();
        }
    }
    const LOCKOUT_KEY_PREFIX = 'lockout-';
    const GUESS_PREFIX = `${LOCKOUT_KEY_PREFIX}guess-`;
    const LOCK_PREFIX = `${LOCKOUT_KEY_PREFIX}lock-`;
    const NUMBER_PREFIX = `${LOCKOUT_KEY_PREFIX}number-`;
    const GUESS_RECORD_TTL_MARGIN_S = 10;
    const HASH_HEX = /^[0-9a-f]{64}$/;
    class LockoutKeyError extends Error {
        constructor(field, problem) {
            super(`lockout key ${field}: ${problem}`);
            this.field = field;
            this.name = 'LockoutKeyError';
        }
    }
    function checkHash(field, hashHex) {
        if (!HASH_HEX.test(hashHex))
            throw new LockoutKeyError(field, 'must be 64 lowercase hex digits (HMAC-SHA256)');
        return hashHex;
    }
    function recordId(sessionId, attempt) {
        if (!/^[0-9]{1,40}$/.test(String(sessionId)))
            throw new LockoutKeyError('sessionId', `must be 1-40 digits, got ${JSON.stringify(String(sessionId))}`);
        if (!Number.isInteger(attempt) || attempt < 1 || attempt > 99)
            throw new LockoutKeyError('attempt', `must be an integer 1-99, got ${attempt}`);
        return `${sessionId}.${attempt}`;
    }
    function callerHashInput(callerDigits) {
        return `lockout:v2:${callerDigits}`;
    }
    function numberHashInput(virtualDigits) {
        return `lockout-number:v1:${virtualDigits}`;
    }
    function guessNamespace(callerHashHex) {
        return `${GUESS_PREFIX}${checkHash('callerHash', callerHashHex)}`;
    }
    function guessKey(callerHashHex, sessionId, attempt) {
        return `${guessNamespace(callerHashHex)}:${recordId(sessionId, attempt)}`;
    }
    function lockKey(callerHashHex) {
        return `${LOCK_PREFIX}${checkHash('callerHash', callerHashHex)}`;
    }
    function numberFailureNamespace(numberHashHex) {
        return `${NUMBER_PREFIX}${checkHash('numberHash', numberHashHex)}`;
    }
    function numberFailureKey(numberHashHex, sessionId, attempt) {
        return `${numberFailureNamespace(numberHashHex)}:${recordId(sessionId, attempt)}`;
    }
    function guessRecordTtlS(windowS) {
        return windowS + GUESS_RECORD_TTL_MARGIN_S;
    }
    function guessVerdict(records, maxFailures) {
        if (records > maxFailures)
            return { kind: 'refuse' };
        return { kind: 'evaluate', last: records >= maxFailures };
    }
    function overNumberBudget(failures, budget) {
        return budget > 0 && failures > budget;
    }
    const UNKEYED = 'voxmask-lockout-unkeyed';
    function hmac(ctx, input) {
        return Crypto.hmac_sha256(ctx.secret ?? UNKEYED, input);
    }
    function callerHash(ctx, callerDigits) {
        return hmac(ctx, callerHashInput(callerDigits));
    }
    function numberHash(ctx) {
        const digits = internationalDigits(ctx.virtualNumber);
        return digits === null ? null : hmac(ctx, numberHashInput(digits));
    }
    async function checkCallerLock(ctx) {
        if (ctx.settings.lockout.maxFailures === 0 || ctx.callerDigits === null)
            return false;
        const key = lockKey(callerHash(ctx, ctx.callerDigits));
        const item = await ctx.scope.storage('lockout_read_failed', () => ApplicationStorage.get(key));
        return item !== STORAGE_FAILED && item !== null;
    }
    async function checkNumberBudget(ctx) {
        const budget = ctx.settings.lockout.numberBudget.maxFailures;
        const hash = numberHash(ctx);
        if (budget === 0 || hash === null || ctx.slowPath)
            return;
        const page = await ctx.scope.storage('lockout_read_failed', () => ApplicationStorage.keys(numberFailureNamespace(hash)));
        if (page === STORAGE_FAILED || !overNumberBudget(page.keys.length, budget))
            return;
        ctx.slowPath = true;
        ctx.facts.warn('pin_failure_budget_exceeded');
    }
    async function admitGuess(ctx) {
        const { maxFailures, windowS } = ctx.settings.lockout;
        if (maxFailures === 0 || ctx.callerDigits === null)
            return { kind: 'evaluate', record: null, last: false };
        const hash = callerHash(ctx, ctx.callerDigits);
        const record = guessKey(hash, ctx.sessionId, ctx.facts.pinAttempts);
        const written = await ctx.scope.storage('lockout_write_failed', () => ApplicationStorage.put(record, '1', guessRecordTtlS(windowS)));
        if (written === STORAGE_FAILED)
            return { kind: 'unavailable' };
        const page = await ctx.scope.storage('lockout_read_failed', () => ApplicationStorage.keys(guessNamespace(hash)));
        if (page === STORAGE_FAILED) {
            removeOwnRecord(ctx, record);
            return { kind: 'unavailable' };
        }
        const verdict = guessVerdict(page.keys.length, maxFailures);
        if (verdict.kind === 'evaluate')
            return { kind: 'evaluate', record, last: verdict.last };
        removeOwnRecord(ctx, record);
        logEvent('guess_refused', { caller: ctx.maskedCaller, attempt: ctx.facts.pinAttempts });
        await lock(ctx, hash);
        return { kind: 'refused' };
    }
    function forgetGuess(ctx, admission) {
        if (admission.kind === 'evaluate' && admission.record !== null)
            removeOwnRecord(ctx, admission.record);
    }
    async function settleFailure(ctx, admission) {
        const { numberBudget, windowS } = ctx.settings.lockout;
        const hash = numberHash(ctx);
        if (numberBudget.maxFailures > 0 && hash !== null) {
            const key = numberFailureKey(hash, ctx.sessionId, ctx.facts.pinAttempts);
            await ctx.scope.storage('lockout_write_failed', () => ApplicationStorage.put(key, '1', windowS));
            await checkNumberBudget(ctx);
        }
        if (admission.kind !== 'evaluate' || !admission.last || ctx.callerDigits === null)
            return false;
        await lock(ctx, callerHash(ctx, ctx.callerDigits));
        return true;
    }
    async function lock(ctx, hash) {
        logEvent('locked_out', { caller: ctx.maskedCaller });
        await ctx.scope.storage('lockout_write_failed', () => ApplicationStorage.put(lockKey(hash), '1', ctx.settings.lockout.lockS));
    }
    function removeOwnRecord(ctx, record) {
        ApplicationStorage.remove(record).then(() => undefined, () => ctx.facts.warn('lockout_clear_failed'));
    }
    function wantsRecordingAtBridge(ctx, peerKind) {
        if (ctx.settings.recording.startAt !== 'bridge')
            return false;
        if (peerKind === 'callee')
            return ctx.order?.settings?.record ?? ctx.settings.recording.enabled;
        return ctx.settings.recording.enabled;
    }
    function startRecording(ctx) {
        if (ctx.recordingStarted)
            return;
        ctx.recordingStarted = true;
        listen(ctx.primary, CallEvents.RecordStarted, (e) => {
            ctx.facts.recordingUrl(e.url);
            logEvent('recording_started');
        });
        listen(ctx.primary, CallEvents.RecordError, (e) => {
            ctx.facts.warn('recording_failed');
            logEvent('recording_error', { error: e.error });
        });
        const { stereo, expire } = ctx.settings.recording;
        ctx.primary.record({ stereo, expire: expire });
    }
    const CONNECT_TIMEOUT_MS = 10000;
    const answerStep = {
        async run(ctx) {
            await ctx.scope.wait((done) => {
                const off = listen(ctx.primary, CallEvents.Connected, () => done());
                ctx.primary.answer();
                return off;
            }, { timeoutMs: CONNECT_TIMEOUT_MS, onTimeout: () => new WaitTimeoutError('Connected after answer()') });
            ctx.scope.primaryLeg.markAnswered(Date.now());
            ctx.primary.handleTones(true);
            if (ctx.settings.recording.enabled && ctx.settings.recording.startAt === 'answer')
                startRecording(ctx);
            logEvent('answered', { caller: ctx.maskedCaller, virtualNumber: ctx.virtualNumber, language: ctx.language });
            await checkNumberBudget(ctx);
            if (ctx.callerDigits === null) {
                ctx.facts.failed('caller_id_withheld');
                return ctx.settings.operator.target
                    ? { step: 'operator', reason: 'caller_id_withheld', lead: ['callerIdWithheld'] }
                    : { step: 'goodbye', lines: ['callerIdWithheld'] };
            }
            return { step: 'route' };
        },
    };
    const BY_CODE = {
        486: 'busy',
        600: 'busy',
        408: 'no_answer',
        487: 'no_answer',
        480: 'failed',
        603: 'rejected',
    };
    function calleeFailureOf(code, ringTimedOut) {
        if (ringTimedOut)
            return 'no_answer';
        return BY_CODE[code] ?? 'failed';
    }
    const CALLEE_FAILURES = {
        busy: { prompt: 'calleeBusy', outcome: 'callee_busy' },
        no_answer: { prompt: 'calleeNoAnswer', outcome: 'callee_no_answer' },
        rejected: { prompt: 'calleeRejected', outcome: 'callee_rejected' },
        failed: { prompt: 'calleeFailed', outcome: 'callee_failed' },
    };
    const calleeFailedStep = {
        async run(ctx, input) {
            const { prompt, outcome } = CALLEE_FAILURES[input.failure];
            ctx.facts.failed(outcome);
            const calleeName = ctx.route ? ctx.speech.partyName(ctx.route.callee) : '';
            if (!ctx.settings.operator.target)
                return { step: 'goodbye', lines: [prompt, 'tryLater'], values: { calleeName } };
            const windowMs = ctx.settings.operator.offerWindowS * 1000;
            const wantsOperator = await ctx.scope.wait((done) => {
                let cancelWindow = () => undefined;
                const offs = [
                    listen(ctx.primary, CallEvents.ToneReceived, (e) => {
                        if (e.tone === '#')
                            done(true);
                    }),
                    listen(ctx.primary, CallEvents.PlaybackFinished, () => {
                        cancelWindow();
                        cancelWindow = ctx.scope.timer(windowMs, () => done(false));
                    }),
                ];
                ctx.speech.say(ctx.primary, `${ctx.speech.text(prompt, { calleeName })} ${ctx.speech.text('offerOperator')}`);
                return () => {
                    cancelWindow();
                    offs.forEach((off) => off());
                };
            }, { timeoutMs: 60000 + windowMs, onTimeout: () => false });
            if (wantsOperator)
                return { step: 'operator', reason: 'callee_unreachable' };
            return { step: 'goodbye', lines: ['tryLater'] };
        },
    };
    const checkLockoutStep = {
        async run(ctx) {
            if (await checkCallerLock(ctx)) {
                ctx.facts.failed('locked_out');
                return { step: 'goodbye', lines: ['lockedOut'] };
            }
            if (ctx.slowPath) {
                await ctx.speech.speak(ctx.speech.text('slowPathNotice'));
                await ctx.scope.pause(ctx.settings.lockout.numberBudget.delayS);
            }
            return { step: 'collectPin' };
        },
    };
    const LABEL_MAX_DIGITS = 6;
    const ORDER_ID_MAX_DIGITS = 8;
    const PARTY_NUMBER_TAIL_DIGITS = 7;
    function labelProblem(text, partyPhones) {
        return digitProblem(text, LABEL_MAX_DIGITS, 'a label', partyPhones);
    }
    function orderIdProblem(text, partyPhones) {
        return digitProblem(text, ORDER_ID_MAX_DIGITS, 'an order id', partyPhones);
    }
    const SPOKEN_DIGIT_WORDS = {
        zero: '0',
        oh: '0',
        one: '1',
        two: '2',
        three: '3',
        four: '4',
        five: '5',
        six: '6',
        seven: '7',
        eight: '8',
        nine: '9',
        null: '0',
        eins: '1',
        ein: '1',
        zwei: '2',
        zwo: '2',
        drei: '3',
        vier: '4',
        fünf: '5',
        fuenf: '5',
        sechs: '6',
        sieben: '7',
        acht: '8',
        neun: '9',
    };
    function spokenDigitsOf(text) {
        const words = normaliseDigits(text).replace(/\p{L}+/gu, (word) => SPOKEN_DIGIT_WORDS[word.toLowerCase()] ?? word);
        return digitsOf(words);
    }
    function spokenTogetherProblem(texts, partyPhones) {
        return partyTailProblem(texts.map(spokenDigitsOf).join(''), partyPhones);
    }
    function digitProblem(text, max, what, partyPhones) {
        const digits = spokenDigitsOf(text);
        const numberChars = (text.match(/\p{N}/gu) ?? []).length;
        if (Math.max(digits.length, numberChars) > max) {
            return `holds ${Math.max(digits.length, numberChars)} digits; ${what} may hold at most ${max}, so it can never read like a phone number`;
        }
        return partyTailProblem(digits, partyPhones);
    }
    function partyTailProblem(digits, partyPhones) {
        for (const phone of partyPhones) {
            const party = internationalDigits(phone);
            if (party !== null && party.length >= PARTY_NUMBER_TAIL_DIGITS && digits.includes(party.slice(-PARTY_NUMBER_TAIL_DIGITS))) {
                return `contains the last ${PARTY_NUMBER_TAIL_DIGITS} digits of a party's phone number`;
            }
        }
        return null;
    }
    function withoutSpokenDigits(text) {
        return normaliseDigits(text)
            .replace(/\p{N}/gu, '')
            .replace(/\p{L}+/gu, (word) => (SPOKEN_DIGIT_WORDS[word.toLowerCase()] === undefined ? word : ''))
            .replace(/\s{2,}/g, ' ');
    }
    const KV_MAX_VALUE_LENGTH = 2000;
    const ORDER_RECORD_VERSION = 1;
    const ORDER_KEY_NAMESPACE = 'order';
    const ORDER_KEY_PREFIX = `${ORDER_KEY_NAMESPACE}:`;
    const PIN_MIN_LENGTH = 4;
    const PIN_MAX_LENGTH = 10;
    const PARTY_ROLES = ['courier', 'customer', 'restaurant'];
    const MIN_PARTIES = 2;
    const MAX_PARTIES = 3;
    const LABEL_MAX_LENGTH = 40;
    const ORDER_ID_MAX_LENGTH = 40;
    const MAX_CALL_S_MIN = 30;
    const MAX_CALL_S_MAX = 14400;
    const PIN_PATTERN_SOURCE = `^[0-9]{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`;
    class OrderRecordError extends Error {
        constructor(field, code, problem) {
            super(field ? `order record field "${field}": ${problem}` : `order record: ${problem}`);
            this.field = field;
            this.code = code;
            this.name = 'OrderRecordError';
        }
    }
    const ORDER_ID_FORMAT_RE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${ORDER_ID_MAX_LENGTH - 1}}$`, 'u');
    const LABEL_FORMAT_RE = new RegExp(`^[^\\u0000-\\u001f\\u007f]{1,${LABEL_MAX_LENGTH}}$`, 'u');
    const PIN_RE = new RegExp(PIN_PATTERN_SOURCE, 'u');
    function isValidPin(pin) {
        return PIN_RE.test(pin);
    }
    function orderKey(pin) {
        if (typeof pin !== 'string' || !isValidPin(pin)) {
            throw new OrderRecordError('pin', 'bad_format', `must be ${PIN_MIN_LENGTH}-${PIN_MAX_LENGTH} digits`);
        }
        return `${ORDER_KEY_PREFIX}${pin}`;
    }
    function parseOrderRecord(text, options = {}) {
        if (typeof text !== 'string')
            throw new OrderRecordError('', 'wrong_type', 'stored value must be a string');
        if (text.length > KV_MAX_VALUE_LENGTH) {
            throw new OrderRecordError('', 'too_long', `is ${text.length} characters; ApplicationStorage holds at most ${KV_MAX_VALUE_LENGTH}`);
        }
        let raw;
        try {
            raw = JSON.parse(text);
        }
        catch (err) {
            throw new OrderRecordError('', 'not_json', `is not JSON (${err.message})`);
        }
        return validateOrderRecord(raw, options);
    }
    function validateOrderRecord(raw, options = {}) {
        const obj = expectObject(raw, '', ['version', 'orderId', 'parties', 'settings'], ['version', 'orderId', 'parties']);
        if (obj.version !== ORDER_RECORD_VERSION) {
            throw new OrderRecordError('version', 'unsupported_version', `is ${JSON.stringify(obj.version)}; this code reads version ${ORDER_RECORD_VERSION}`);
        }
        const orderId = expectString(obj.orderId, 'orderId');
        if (!ORDER_ID_FORMAT_RE.test(orderId)) {
            throw new OrderRecordError('orderId', 'bad_format', `must be 1-${ORDER_ID_MAX_LENGTH} of A-Z a-z 0-9 _ - (starting with a letter or digit)`);
        }
        const parties = parseParties(obj.parties);
        if (options.speakableTextOnly !== false)
            refuseUnspeakableText(orderId, parties);
        const record = { version: 1, orderId, parties };
        if (obj.settings !== undefined)
            record.settings = parseSettings$1(obj.settings);
        return record;
    }
    function parseParties(value) {
        if (!Array.isArray(value))
            throw new OrderRecordError('parties', 'wrong_type', 'must be an array');
        if (value.length < MIN_PARTIES || value.length > MAX_PARTIES) {
            throw new OrderRecordError('parties', 'out_of_range', `has ${value.length} entries; ${MIN_PARTIES}-${MAX_PARTIES} are allowed`);
        }
        const seen = new Set();
        return value.map((item, i) => {
            const path = `parties[${i}]`;
            const obj = expectObject(item, path, ['role', 'phone', 'label'], ['role', 'phone']);
            const role = expectString(obj.role, `${path}.role`);
            if (!PARTY_ROLES.includes(role)) {
                throw new OrderRecordError(`${path}.role`, 'bad_format', `is "${role}"; must be one of ${PARTY_ROLES.join(', ')}`);
            }
            if (seen.has(role))
                throw new OrderRecordError(`${path}.role`, 'duplicate_role', `"${role}" appears more than once`);
            seen.add(role);
            const phone = expectString(obj.phone, `${path}.phone`);
            if (!isE164(phone))
                throw new OrderRecordError(`${path}.phone`, 'bad_format', 'must be E.164 with a leading + (7-15 digits)');
            const party = { role: role, phone };
            if (obj.label !== undefined) {
                const label = expectString(obj.label, `${path}.label`);
                if (!LABEL_FORMAT_RE.test(label))
                    throw new OrderRecordError(`${path}.label`, 'bad_format', `must be 1-${LABEL_MAX_LENGTH} characters without control characters`);
                party.label = label;
            }
            return party;
        });
    }
    function refuseUnspeakableText(orderId, parties) {
        const phones = parties.map((p) => p.phone);
        const idProblem = orderIdProblem(orderId, phones);
        if (idProblem)
            throw new OrderRecordError('orderId', 'phone_like', `${idProblem} (it is spoken to the callee)`);
        parties.forEach((party, i) => {
            if (party.label === undefined)
                return;
            const problem = labelProblem(party.label, phones);
            if (problem)
                throw new OrderRecordError(`parties[${i}].label`, 'phone_like', `${problem} (it is spoken to the other party)`);
            const together = spokenTogetherProblem([party.label, orderId], phones);
            if (together)
                throw new OrderRecordError(`parties[${i}].label`, 'phone_like', `together with the order id (the whisper speaks both) ${together}`);
        });
    }
    function parseSettings$1(value) {
        const obj = expectObject(value, 'settings', ['record', 'maxCallS'], []);
        const settings = {};
        if (obj.record !== undefined) {
            if (typeof obj.record !== 'boolean')
                throw new OrderRecordError('settings.record', 'wrong_type', 'must be true or false');
            settings.record = obj.record;
        }
        if (obj.maxCallS !== undefined) {
            const n = obj.maxCallS;
            if (typeof n !== 'number' || !Number.isInteger(n))
                throw new OrderRecordError('settings.maxCallS', 'wrong_type', 'must be an integer number of seconds');
            if (n < MAX_CALL_S_MIN || n > MAX_CALL_S_MAX) {
                throw new OrderRecordError('settings.maxCallS', 'out_of_range', `is ${n}; must be ${MAX_CALL_S_MIN}-${MAX_CALL_S_MAX} seconds`);
            }
            settings.maxCallS = n;
        }
        return settings;
    }
    function expectObject(value, path, known, required) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw new OrderRecordError(path, path ? 'wrong_type' : 'not_object', 'must be a JSON object');
        }
        const obj = value;
        for (const key of required) {
            if (!Object.prototype.hasOwnProperty.call(obj, key))
                throw new OrderRecordError(join(path, key), 'missing_field', 'is required');
        }
        for (const key of Object.keys(obj)) {
            if (!known.includes(key))
                throw new OrderRecordError(join(path, key), 'unknown_field', `is not part of format version ${ORDER_RECORD_VERSION}`);
        }
        return obj;
    }
    function expectString(value, path) {
        if (typeof value !== 'string')
            throw new OrderRecordError(path, 'wrong_type', 'must be a string');
        return value;
    }
    function join(path, key) {
        return path ? `${path}.${key}` : key;
    }
    class PinEntry {
        constructor(pinLength, operatorEnabled) {
            this.pinLength = pinLength;
            this.operatorEnabled = operatorEnabled;
            this.digits = '';
        }
        get entered() {
            return this.digits.length;
        }
        press(tone) {
            if (/^[0-9]$/.test(tone)) {
                this.digits += tone;
                if (this.digits.length >= this.pinLength)
                    return this.take();
                return { type: 'digit' };
            }
            if (tone === '*') {
                this.digits = '';
                return { type: 'cleared' };
            }
            if (tone === '#') {
                if (this.digits.length > 0)
                    return this.take();
                return this.operatorEnabled ? { type: 'operator' } : { type: 'ignored' };
            }
            return { type: 'ignored' };
        }
        take() {
            const digits = this.digits;
            this.digits = '';
            return { type: 'complete', digits };
        }
    }
    function failAttempt(ctx, pinOutcome, lead, finalOutcome) {
        ctx.facts.pinResult(pinOutcome);
        if (ctx.facts.pinAttempts < ctx.attemptLimit)
            return { step: 'collectPin', lead };
        ctx.facts.failed(finalOutcome);
        if (ctx.settings.operator.target)
            return { step: 'operator', reason: 'pin_failed', lead: [lead] };
        return { step: 'goodbye', lines: [lead, 'tryLater'] };
    }
    function serviceFailure(ctx) {
        ctx.facts.pinResult('service_error');
        return serviceUnavailable(ctx);
    }
    function serviceUnavailable(ctx) {
        ctx.facts.failed('service_error');
        if (ctx.settings.operator.target)
            return { step: 'operator', reason: 'service_error', lead: ['serviceError'] };
        return { step: 'goodbye', lines: ['serviceError', 'tryLater'] };
    }
    const ATTEMPT_BOUND_MS = 180000;
    const collectPinStep = {
        async run(ctx, input) {
            ctx.facts.startPinAttempt();
            const entry = await collect(ctx, promptFor(ctx, input.lead));
            if (entry.kind === 'operator')
                return { step: 'operator', reason: 'caller_request' };
            if (entry.kind === 'no_input')
                return failAttempt(ctx, 'no_input', 'noInput', 'no_input');
            if (entry.kind === 'incomplete' || entry.pin.length < PIN_MIN_LENGTH)
                return failAttempt(ctx, 'incomplete', 'incomplete', 'invalid_pin');
            return { step: 'lookup', pin: entry.pin };
        },
    };
    function promptFor(ctx, lead) {
        const ids = lead ? [lead, 'reprompt'] : ['greeting'];
        if (ctx.settings.operator.target)
            ids.push('operatorHint');
        return ctx.speech.utterance(ids, { pinLength: ctx.settings.pin.length });
    }
    function collect(ctx, prompt) {
        const { pin, operator } = ctx.settings;
        return ctx.scope.wait((done) => {
            const entry = new PinEntry(pin.length, operator.target !== null);
            let playing = true;
            let cancelTimeout = () => undefined;
            const arm = () => {
                cancelTimeout();
                const seconds = entry.entered === 0 ? pin.firstDigitTimeoutS : pin.interDigitTimeoutS;
                cancelTimeout = ctx.scope.timer(seconds * 1000, () => done(entry.entered === 0 ? { kind: 'no_input' } : { kind: 'incomplete' }));
            };
            const actions = {
                digit: () => arm(),
                complete: (a) => done({ kind: 'pin', pin: a.digits }),
                cleared: () => {
                    cancelTimeout();
                    playing = true;
                    ctx.speech.say(ctx.primary, ctx.speech.text('cleared'));
                },
                operator: () => done({ kind: 'operator' }),
                ignored: () => undefined,
            };
            const offs = [
                listen(ctx.primary, CallEvents.PlaybackFinished, () => {
                    if (!playing)
                        return;
                    playing = false;
                    arm();
                }),
                listen(ctx.primary, CallEvents.ToneReceived, (e) => {
                    if (playing) {
                        playing = false;
                        ctx.primary.stopPlayback();
                    }
                    const action = entry.press(e.tone);
                    actions[action.type](action);
                }),
            ];
            ctx.speech.say(ctx.primary, prompt);
            return () => {
                cancelTimeout();
                offs.forEach((off) => off());
            };
        }, { timeoutMs: ATTEMPT_BOUND_MS, onTimeout: () => ({ kind: 'no_input' }) });
    }
    class LegTimes {
        constructor(kind, maskedNumber, startedAtMs) {
            this.kind = kind;
            this.maskedNumber = maskedNumber;
            this.startedAtMs = startedAtMs;
            this.answeredAtMs = null;
            this.endedAtMs = null;
            this.failure = null;
        }
        markAnswered(atMs) {
            if (this.answeredAtMs === null && this.endedAtMs === null)
                this.answeredAtMs = atMs;
        }
        markEnded(atMs) {
            if (this.endedAtMs === null)
                this.endedAtMs = atMs;
        }
        markFailed(atMs, code, reason) {
            if (this.failure === null && this.answeredAtMs === null)
                this.failure = { code, reason };
            this.markEnded(atMs);
        }
        toResult(nowMs) {
            const end = this.endedAtMs ?? nowMs;
            const answered = this.answeredAtMs;
            return {
                kind: this.kind,
                number: this.maskedNumber,
                startedAt: iso(this.startedAtMs),
                answeredAt: answered === null ? null : iso(answered),
                endedAt: iso(end),
                ringS: seconds((answered ?? end) - this.startedAtMs),
                talkS: answered === null ? 0 : seconds(end - answered),
                failureCode: this.failure?.code ?? null,
                failureReason: this.failure?.reason ?? null,
            };
        }
    }
    function iso(epochMs) {
        return new Date(epochMs).toISOString();
    }
    function seconds(ms) {
        return Math.max(0, Math.round(ms)) / 1000;
    }
    const FAILED_EVENT_GRACE_MS = 15000;
    function connectParty(ctx, target) {
        const { call } = placeCall(ctx, target.kind, target.destination);
        const { whisperTimeoutS } = ctx.settings.dial;
        return ctx.scope.wait((done) => {
            let ringTimedOut = false;
            let phase = 'ringing';
            let ringbackStarted = false;
            const cancels = [];
            const bridge = () => {
                if (phase === 'bridged')
                    return;
                phase = 'bridged';
                ctx.primary.stopPlayback();
                VoxEngine.sendMediaBetween(ctx.primary, call);
                logEvent('bridged', { kind: target.kind });
                done({ kind: 'bridged', call });
            };
            cancels.push(ctx.scope.timer(target.ringTimeoutS * 1000, () => {
                if (phase !== 'ringing')
                    return;
                ringTimedOut = true;
                logEvent('ring_timeout', { kind: target.kind, seconds: target.ringTimeoutS });
                call.hangup();
            }), listen(ctx.primary, CallEvents.PlaybackFinished, () => {
                if (phase === 'bridged' || ringbackStarted)
                    return;
                ringbackStarted = true;
                startRingback(ctx);
            }), listen(call, CallEvents.Failed, (e) => {
                const failure = calleeFailureOf(e.code, ringTimedOut);
                logEvent('dial_failed', { kind: target.kind, code: e.code, failure });
                done({ kind: 'failed', failure });
            }), listen(call, CallEvents.Connected, () => {
                if (phase !== 'ringing')
                    return;
                phase = 'whisper';
                logEvent('answered_by_party', { kind: target.kind });
                ctx.speech.say(call, target.whisper);
                cancels.push(ctx.scope.timer(whisperTimeoutS * 1000, bridge));
            }), listen(call, CallEvents.PlaybackFinished, () => {
                if (phase === 'whisper')
                    bridge();
            }), listen(call, CallEvents.Disconnected, () => {
                if (phase === 'bridged')
                    return;
                logEvent('party_left_before_bridge', { kind: target.kind });
                done({ kind: 'failed', failure: 'failed' });
            }));
            ctx.speech.say(ctx.primary, target.announcement);
            return () => cancels.forEach((cancel) => cancel());
        }, {
            timeoutMs: (target.ringTimeoutS + whisperTimeoutS) * 1000 + FAILED_EVENT_GRACE_MS,
            onTimeout: () => ({ kind: 'failed', failure: 'no_answer' }),
        });
    }
    function placeCall(ctx, kind, destination) {
        const shown = maskedDestination(destination);
        const leg = new LegTimes(kind, shown, Date.now());
        logEvent('dialing', { kind, type: destination.type, number: shown, callerId: ctx.virtualNumber });
        const call = callDestination(destination, ctx.virtualNumber);
        ctx.scope.addPeer(call, leg);
        trackLeg(call, leg);
        return { call, leg };
    }
    function callDestination(destination, callerId) {
        if (destination.type === 'sip')
            return VoxEngine.callSIP(destination.uri, { callerid: callerId });
        if (destination.type === 'user')
            return VoxEngine.callUser({ username: destination.username, callerid: callerId });
        return VoxEngine.callPSTN(destination.number, callerId);
    }
    function maskedDestination(destination) {
        return destination.type === 'pstn' ? maskPhone(destination.number) : `<${destination.type}>`;
    }
    function startRingback(ctx) {
        const { ringback } = ctx.settings.dial;
        try {
            if (ringback.type === 'tone')
                ctx.primary.playProgressTone(ringback.country);
            else
                ctx.primary.startPlayback(ringback.url, { loop: true });
        }
        catch (err) {
            ctx.facts.warn('ringback_failed');
            logEvent('ringback_failed', { type: ringback.type, error: errorMessage(err) });
        }
    }
    function trackLeg(call, leg) {
        listen(call, CallEvents.Connected, () => leg.markAnswered(Date.now()));
        listen(call, CallEvents.Failed, (e) => leg.markFailed(Date.now(), e.code, e.reason));
        listen(call, CallEvents.Disconnected, () => leg.markEnded(Date.now()));
    }
    const dialStep = {
        async run(ctx) {
            const route = ctx.route;
            if (!route || !ctx.order)
                throw new Error('dial step entered without a matched order');
            const result = await connectParty(ctx, {
                kind: 'callee',
                destination: { type: 'pstn', number: route.callee.phone },
                announcement: ctx.speech.text('connecting', { calleeName: ctx.speech.partyName(route.callee, 'object') }),
                whisper: ctx.speech.whisperFrom(route.caller),
                ringTimeoutS: ctx.ringTimeoutS,
            });
            if (result.kind === 'bridged')
                return { step: 'talk', peer: result.call, peerKind: 'callee' };
            return { step: 'calleeFailed', failure: result.failure };
        },
    };
    const goodbyeStep = {
        async run(ctx, input) {
            await ctx.speech.speak(ctx.speech.utterance([...input.lines, 'goodbye'], input.values));
            ctx.facts.endedBy('scenario');
            ctx.primary.hangup();
            return { step: 'done' };
        },
    };
    const CALL_TARGETS = {
        courier: ['customer', 'restaurant'],
        customer: ['courier', 'restaurant'],
        restaurant: ['courier', 'customer'],
    };
    function routeCall(order, callerId, defaultCountryCode) {
        const caller = order.parties.find((p) => samePhone(p.phone, callerId, defaultCountryCode));
        if (!caller)
            return { kind: 'caller_not_on_order' };
        for (const role of CALL_TARGETS[caller.role]) {
            const callee = order.parties.find((p) => p.role === role && !samePhone(p.phone, callerId, defaultCountryCode));
            if (callee)
                return { kind: 'matched', caller, callee };
        }
        return { kind: 'no_callee', caller };
    }
    const lookupStep = {
        async run(ctx, input) {
            const admission = await admitGuess(ctx);
            if (admission.kind === 'unavailable')
                return serviceFailure(ctx);
            if (admission.kind === 'refused')
                return lockedOut(ctx);
            const item = await ctx.scope.storage('order_read_failed', () => ApplicationStorage.get(orderKey(input.pin)));
            if (item === STORAGE_FAILED) {
                forgetGuess(ctx, admission);
                return serviceFailure(ctx);
            }
            const reveal = ctx.settings.pin.revealCallerMismatch;
            if (item === null) {
                logEvent('order_not_found', { attempt: ctx.facts.pinAttempts });
                return failedGuess(ctx, admission, 'not_found', reveal ? 'orderNotFound' : 'pinRejected', 'order_not_found');
            }
            let order;
            try {
                order = parseOrderRecord(item.value, { speakableTextOnly: false });
            }
            catch (err) {
                if (!(err instanceof OrderRecordError))
                    throw err;
                logEvent('order_invalid', { field: err.field, code: err.code });
                ctx.facts.warn('order_record_invalid');
                if (!reveal)
                    return failedGuess(ctx, admission, 'service_error', 'pinRejected', 'service_error');
                return serviceFailure(ctx);
            }
            ctx.order = order;
            const route = routeCall(order, ctx.callerId, ctx.defaultCountryCode);
            if (route.kind === 'caller_not_on_order') {
                logEvent('caller_not_on_order', { orderId: order.orderId, caller: ctx.maskedCaller });
                return failedGuess(ctx, admission, 'caller_mismatch', reveal ? 'callerNotOnOrder' : 'pinRejected', 'caller_unknown');
            }
            forgetGuess(ctx, admission);
            if (route.kind === 'no_callee') {
                logEvent('order_has_no_callee', { orderId: order.orderId, callerRole: route.caller.role });
                ctx.facts.warn('order_has_no_callee');
                return serviceFailure(ctx);
            }
            ctx.route = { caller: route.caller, callee: route.callee };
            ctx.facts.pinResult('matched');
            logEvent('matched', { orderId: order.orderId, callerRole: route.caller.role, calleeRole: route.callee.role });
            return { step: 'dial' };
        },
    };
    async function failedGuess(ctx, admission, pinOutcome, lead, finalOutcome) {
        ctx.facts.pinResult(pinOutcome);
        if (await settleFailure(ctx, admission))
            return lockedOut(ctx);
        return failAttempt(ctx, pinOutcome, lead, finalOutcome);
    }
    function lockedOut(ctx) {
        ctx.facts.failed('locked_out');
        return { step: 'goodbye', lines: ['lockedOut'] };
    }
    const operatorStep = {
        async run(ctx, input) {
            const destination = ctx.settings.operator.target;
            if (!destination)
                throw new Error('operator step entered without an operator');
            ctx.facts.toOperator(input.reason);
            logEvent('to_operator', { reason: input.reason });
            const result = await connectParty(ctx, {
                kind: 'operator',
                destination,
                announcement: ctx.speech.utterance([...(input.lead ?? []), 'connectingOperator']),
                whisper: ctx.speech.text('operatorWhisper', { reason: ctx.speech.text(`reason_${input.reason}`) }),
                ringTimeoutS: ctx.settings.operator.ringTimeoutS,
            });
            if (result.kind === 'bridged')
                return { step: 'talk', peer: result.call, peerKind: 'operator' };
            ctx.facts.operatorUnavailable();
            return { step: 'goodbye', lines: ['operatorUnavailable'] };
        },
    };
    const talkStep = {
        async run(ctx, input) {
            const { peer, peerKind } = input;
            ctx.facts.reached(peerKind === 'callee' ? 'connected' : 'operator');
            if (wantsRecordingAtBridge(ctx, peerKind))
                startRecording(ctx);
            const maxS = ctx.order?.settings?.maxCallS ?? ctx.settings.call.maxCallS;
            try {
                const endedBy = await ctx.scope.wait((done) => {
                    const cancels = [
                        listen(peer, CallEvents.Disconnected, () => done('peer')),
                        ctx.scope.timer(maxS * 1000, () => done('max_duration')),
                    ];
                    const warnS = ctx.settings.call.warningBeforeEndS;
                    if (warnS > 0 && warnS < maxS)
                        cancels.push(ctx.scope.timer((maxS - warnS) * 1000, () => warnBoth(ctx, peer, warnS)));
                    return () => cancels.forEach((cancel) => cancel());
                }, { timeoutMs: (maxS + 60) * 1000, onTimeout: () => 'max_duration' });
                const side = endedBy === 'peer' ? peerKind : 'max_duration';
                ctx.facts.endedBy(side);
                logEvent('call_ended', { endedBy: side });
                if (endedBy === 'max_duration')
                    peer.hangup();
                ctx.primary.hangup();
            }
            catch (err) {
                if (!(err instanceof CallerGoneError))
                    throw err;
                logEvent('call_ended', { endedBy: 'caller' });
                peer.hangup();
            }
            return { step: 'done' };
        },
    };
    function warnBoth(ctx, peer, seconds) {
        const text = ctx.speech.text('durationWarning', { seconds });
        logEvent('duration_warning', { seconds });
        let pending = 2;
        const rebridge = () => {
            pending -= 1;
            if (pending === 0)
                VoxEngine.sendMediaBetween(ctx.primary, peer);
        };
        for (const leg of [ctx.primary, peer]) {
            const off = listen(leg, CallEvents.PlaybackFinished, () => {
                off();
                rebridge();
            });
            ctx.speech.say(leg, text);
        }
    }
    function problemAt(field, problem) {
        return { ok: false, field, problem };
    }
    function parseJsonObject(text, maxChars, what) {
        if (typeof text !== 'string')
            return problemAt('', `${what} must be a string`);
        if (text.length > maxChars)
            return problemAt('', `${what} is ${text.length} characters; at most ${maxChars} are allowed`);
        let raw;
        try {
            raw = JSON.parse(text);
        }
        catch (err) {
            return problemAt('', `${what} is not JSON (${err.message})`);
        }
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
            return problemAt('', `${what} must be a JSON object`);
        return { ok: true, value: raw };
    }
    function checkVersion(obj, version) {
        if (obj.v === version)
            return null;
        return problemAt('v', obj.v === undefined ? 'is required' : `is ${JSON.stringify(obj.v)}; this code reads version ${version}`);
    }
    function patternField(obj, field, pattern, rule) {
        const value = obj[field];
        if (value === undefined)
            return problemAt(field, 'is required');
        if (typeof value !== 'string')
            return problemAt(field, 'must be a string');
        if (!pattern.test(value))
            return problemAt(field, `must be ${rule}`);
        return { ok: true, value };
    }
    const ORDER_ID_LAYOUT_RE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${ORDER_ID_MAX_LENGTH - 1}}$`, 'u');
    function orderIdField(obj) {
        return patternField(obj, 'orderId', ORDER_ID_LAYOUT_RE, `1-${ORDER_ID_MAX_LENGTH} of A-Z a-z 0-9 _ - (starting with a letter or digit)`);
    }
    function oneOfField(obj, field, allowed) {
        const value = obj[field];
        if (value === undefined)
            return problemAt(field, 'is required');
        if (typeof value !== 'string' || !allowed.includes(value)) {
            return problemAt(field, `is ${JSON.stringify(value)}; must be one of ${allowed.join(', ')}`);
        }
        return { ok: true, value: value };
    }
    function integerField(obj, field, path, min, max, unit) {
        const value = obj[field];
        if (value === undefined)
            return { ok: true, value: undefined };
        if (typeof value !== 'number' || !Number.isInteger(value))
            return problemAt(path, `must be an integer number of ${unit}`);
        if (value < min || value > max)
            return problemAt(path, `is ${value}; must be ${min}-${max} ${unit}`);
        return { ok: true, value };
    }
    const POOL_ROUTE_NAMESPACE = 'route';
    const POOL_ROUTE_PREFIX = `${POOL_ROUTE_NAMESPACE}:`;
    const POOL_ROUTE_VERSION = 1;
    const SESSION_ID_PATTERN_SOURCE = '^[A-Za-z0-9_-]{1,40}$';
    const RING_TIMEOUT_S_MIN = 5;
    const RING_TIMEOUT_S_MAX = 60;
    const SESSION_ID_RE = new RegExp(SESSION_ID_PATTERN_SOURCE, 'u');
    const E164_RULE = { test: isE164 };
    const MAX_EXPIRES_AT_S = 253402300799;
    function poolRouteKey(dialedE164, callerE164, defaultCountry) {
        const dialed = internationalDigits(dialedE164);
        if (dialed === null)
            return null;
        const caller = internationalDigits(callerE164, defaultCountry === undefined ? countryCodeOf(dialedE164) : defaultCountry);
        return caller === null ? null : `${POOL_ROUTE_PREFIX}${dialed}:${caller}`;
    }
    function parsePoolRoute(text) {
        const parsed = parseJsonObject(text, KV_MAX_VALUE_LENGTH, 'pool route');
        if (!parsed.ok)
            return parsed;
        const obj = parsed.value;
        const version = checkVersion(obj, POOL_ROUTE_VERSION);
        if (version)
            return version;
        const sessionId = patternField(obj, 'sessionId', SESSION_ID_RE, '1-40 of A-Z a-z 0-9 _ -');
        if (!sessionId.ok)
            return sessionId;
        const orderId = orderIdField(obj);
        if (!orderId.ok)
            return orderId;
        const callerRole = oneOfField(obj, 'callerRole', PARTY_ROLES);
        if (!callerRole.ok)
            return callerRole;
        const calleeRole = oneOfField(obj, 'calleeRole', PARTY_ROLES);
        if (!calleeRole.ok)
            return calleeRole;
        if (calleeRole.value === callerRole.value)
            return problemAt('calleeRole', `is the caller's own role "${callerRole.value}"`);
        const callee = patternField(obj, 'callee', E164_RULE, 'E.164 with a leading + (7-15 digits)');
        if (!callee.ok)
            return callee;
        if (obj.expiresAt === undefined)
            return problemAt('expiresAt', 'is required');
        const expiresAt = integerField(obj, 'expiresAt', 'expiresAt', 1, MAX_EXPIRES_AT_S, 'Unix seconds');
        if (!expiresAt.ok)
            return expiresAt;
        const route = {
            v: 1,
            sessionId: sessionId.value,
            orderId: orderId.value,
            callerRole: callerRole.value,
            calleeRole: calleeRole.value,
            callee: callee.value,
            expiresAt: expiresAt.value,
        };
        if (obj.settings !== undefined) {
            const settings = parseSettings(obj.settings);
            if (!settings.ok)
                return settings;
            route.settings = settings.value;
        }
        return { ok: true, value: route };
    }
    function parseSettings(value) {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
            return problemAt('settings', 'must be a JSON object');
        const obj = value;
        const settings = {};
        const limit = integerField(obj, 'callTimeLimitS', 'settings.callTimeLimitS', MAX_CALL_S_MIN, MAX_CALL_S_MAX, 'seconds');
        if (!limit.ok)
            return limit;
        if (limit.value !== undefined)
            settings.callTimeLimitS = limit.value;
        const ring = integerField(obj, 'ringTimeoutS', 'settings.ringTimeoutS', RING_TIMEOUT_S_MIN, RING_TIMEOUT_S_MAX, 'seconds');
        if (!ring.ok)
            return ring;
        if (ring.value !== undefined)
            settings.ringTimeoutS = ring.value;
        if (obj.record !== undefined) {
            if (typeof obj.record !== 'boolean')
                return problemAt('settings.record', 'must be true or false');
            settings.record = obj.record;
        }
        return { ok: true, value: settings };
    }
    function isPoolRouteLive(route, nowS) {
        return route.expiresAt > nowS;
    }
    const poolRouteStep = {
        async run(ctx) {
            const key = poolRouteKey(ctx.virtualNumber, ctx.callerId, ctx.defaultCountryCode);
            if (key === null)
                return noRoute(ctx, 'unreadable_number');
            const item = await ctx.scope.storage('route_read_failed', () => ApplicationStorage.get(key));
            if (item === STORAGE_FAILED)
                return serviceUnavailable(ctx);
            if (item === null)
                return noRoute(ctx, 'none');
            const parsed = parsePoolRoute(item.value);
            if (!parsed.ok) {
                ctx.facts.warn('route_invalid');
                logEvent('route_invalid', { field: parsed.field });
                return noRoute(ctx, 'invalid');
            }
            if (!isPoolRouteLive(parsed.value, Math.floor(Date.now() / 1000)))
                return noRoute(ctx, 'expired');
            useRoute(ctx, parsed.value);
            return { step: 'dial' };
        },
    };
    function useRoute(ctx, route) {
        const caller = { role: route.callerRole, phone: `+${ctx.callerDigits}` };
        const callee = { role: route.calleeRole, phone: route.callee };
        const { callTimeLimitS, ringTimeoutS, record } = route.settings ?? {};
        ctx.order = { version: 1, orderId: route.orderId, parties: [caller, callee], settings: { maxCallS: callTimeLimitS, record } };
        ctx.route = { caller, callee };
        if (ringTimeoutS !== undefined)
            ctx.ringTimeoutS = ringTimeoutS;
        ctx.reference.poolSessionId = route.sessionId;
        logEvent('matched', { orderId: route.orderId, callerRole: route.callerRole, calleeRole: route.calleeRole, by: 'pool_route' });
    }
    async function noRoute(ctx, why) {
        logEvent('no_route', { why, then: ctx.settings.pool.noRoute });
        if (ctx.settings.pool.noRoute === 'pin') {
            ctx.reference.fallback = 'pin';
            await ctx.speech.speak(ctx.speech.text('noRoute'));
            return { step: 'checkLockout' };
        }
        ctx.facts.failed('no_route');
        if (!ctx.settings.operator.target)
            return { step: 'goodbye', lines: ['noRoute'] };
        ctx.reference.fallback = 'operator';
        return { step: 'operator', reason: 'no_route', lead: ['noRoute'] };
    }
    const POOL_CALL_STEPS = {
        answer: answerStep,
        route: poolRouteStep,
        checkLockout: checkLockoutStep,
        collectPin: collectPinStep,
        lookup: lookupStep,
        dial: dialStep,
        talk: talkStep,
        calleeFailed: calleeFailedStep,
        operator: operatorStep,
        goodbye: goodbyeStep,
    };
    const RANK_REACHED = 4;
    const RANK_OPERATOR_UNAVAILABLE = 3;
    const RANK_FAILURE = 2;
    const RANK_UNEXPECTED = 1;
    class ResultFacts {
        constructor(onWarning = () => undefined) {
            this.onWarning = onWarning;
            this.decided = null;
            this.pin = 'not_entered';
            this.attempts = 0;
            this.ender = null;
            this.reason = null;
            this.recording = null;
            this.warningCodes = [];
        }
        reached(outcome) {
            this.record(outcome, RANK_REACHED);
        }
        operatorUnavailable() {
            this.record('operator_unavailable', RANK_OPERATOR_UNAVAILABLE);
        }
        failed(outcome) {
            this.record(outcome, RANK_FAILURE);
        }
        unexpectedError() {
            this.record('service_error', RANK_UNEXPECTED);
        }
        startPinAttempt() {
            this.attempts += 1;
            return this.attempts;
        }
        get pinAttempts() {
            return this.attempts;
        }
        pinResult(outcome) {
            this.pin = outcome;
        }
        endedBy(side) {
            if (this.ender === null)
                this.ender = side;
        }
        toOperator(reason) {
            if (this.reason === null)
                this.reason = reason;
        }
        recordingUrl(url) {
            this.recording = url;
        }
        warn(code) {
            if (!this.warningCodes.includes(code))
                this.warningCodes.push(code);
            this.onWarning(code);
        }
        snapshot() {
            return {
                outcome: this.decided?.outcome ?? 'caller_hung_up',
                pin: { outcome: this.pin, attempts: this.attempts },
                endedBy: this.ender ?? 'scenario',
                operatorReason: this.reason,
                recordingUrl: this.recording,
                warnings: [...this.warningCodes],
            };
        }
        record(outcome, rank) {
            if (this.decided === null || rank > this.decided.rank)
                this.decided = { outcome, rank };
        }
    }
    const PROMPTS_EN = {
        greeting: 'Welcome. Please enter your {pinLength} digit order number on the keypad.',
        reprompt: 'Please enter your {pinLength} digit order number.',
        operatorHint: 'To reach an operator, press the hash key.',
        cleared: 'Cleared.',
        noInput: 'We did not receive an order number.',
        incomplete: 'That order number is incomplete.',
        orderNotFound: 'We could not find that order.',
        callerNotOnOrder: 'Please call from the phone number you used for this order.',
        pinRejected: 'We could not find that order for the phone number you are calling from.',
        slowPathNotice: 'We are receiving many calls right now. Please stay on the line.',
        callerIdWithheld: 'Your phone number is hidden. Please call again with your number shown.',
        lockedOut: 'There have been too many unsuccessful attempts from your phone. Please try again later.',
        serviceError: 'Sorry, we cannot look up orders right now.',
        connecting: 'Connecting you to {calleeName}.',
        whisper: '{callerName} is calling about order {orderId}.',
        whisperWithoutOrderId: '{callerName} is calling about your order.',
        calleeBusy: '{calleeName} is busy on another call.',
        calleeNoAnswer: '{calleeName} is not answering.',
        calleeRejected: '{calleeName} cannot take your call right now.',
        calleeFailed: '{calleeName} cannot be reached right now.',
        offerOperator: 'To speak to an operator, press the hash key now.',
        tryLater: 'Please try again later.',
        durationWarning: 'This call will end in {seconds} seconds.',
        connectingOperator: 'Connecting you to an operator.',
        operatorWhisper: 'Transferred call. {reason}',
        operatorUnavailable: 'No operator is available right now. Please try again later.',
        goodbye: 'Goodbye.',
        role_courier: 'The courier',
        role_customer: 'The customer',
        role_restaurant: 'The restaurant',
        to_courier: 'the courier',
        to_customer: 'the customer',
        to_restaurant: 'the restaurant',
        reason_caller_request: 'The caller asked for an operator.',
        reason_pin_failed: 'The caller could not enter a valid order number.',
        reason_callee_unreachable: 'The other party could not be reached.',
        reason_service_error: 'The order lookup failed.',
        reason_caller_id_withheld: 'The caller withheld their number.',
        reason_no_route: 'The number the caller dialled is not connected to an active order for their phone.',
        noRoute: 'This number is not connected to an active order for your phone.',
        knownCallerMenu: 'You have {count} active orders.',
        knownCallerOption: 'For order {orderId}, press {digit}.',
        knownCallerOptionWithout: 'For your order with {calleeName}, press {digit}.',
        knownCallerPinOption: 'To enter an order number instead, press 0.',
    };
    const PROMPTS_DE = {
        greeting: 'Willkommen. Bitte geben Sie Ihre {pinLength}-stellige Bestellnummer über die Tastatur ein.',
        reprompt: 'Bitte geben Sie Ihre {pinLength}-stellige Bestellnummer ein.',
        operatorHint: 'Für einen Mitarbeiter drücken Sie die Rautetaste.',
        cleared: 'Gelöscht.',
        noInput: 'Wir haben keine Bestellnummer erhalten.',
        incomplete: 'Diese Bestellnummer ist unvollständig.',
        orderNotFound: 'Wir konnten diese Bestellung nicht finden.',
        callerNotOnOrder: 'Bitte rufen Sie von der Telefonnummer an, die Sie für diese Bestellung angegeben haben.',
        pinRejected: 'Wir konnten diese Bestellung zu der Rufnummer, von der Sie anrufen, nicht finden.',
        slowPathNotice: 'Wir erhalten gerade sehr viele Anrufe. Bitte bleiben Sie in der Leitung.',
        callerIdWithheld: 'Ihre Rufnummer ist unterdrückt. Bitte rufen Sie mit angezeigter Rufnummer erneut an.',
        lockedOut: 'Zu viele erfolglose Versuche von Ihrem Telefon. Bitte versuchen Sie es später erneut.',
        serviceError: 'Leider können wir Bestellungen gerade nicht abrufen.',
        connecting: 'Wir verbinden Sie mit {calleeName}.',
        whisper: '{callerName} ruft wegen Bestellung {orderId} an.',
        whisperWithoutOrderId: '{callerName} ruft wegen Ihrer Bestellung an.',
        calleeBusy: '{calleeName} telefoniert gerade.',
        calleeNoAnswer: '{calleeName} nimmt nicht ab.',
        calleeRejected: '{calleeName} kann Ihren Anruf gerade nicht annehmen.',
        calleeFailed: '{calleeName} ist gerade nicht erreichbar.',
        offerOperator: 'Um mit einem Mitarbeiter zu sprechen, drücken Sie jetzt die Rautetaste.',
        tryLater: 'Bitte versuchen Sie es später erneut.',
        durationWarning: 'Dieses Gespräch endet in {seconds} Sekunden.',
        connectingOperator: 'Wir verbinden Sie mit einem Mitarbeiter.',
        operatorWhisper: 'Weitergeleiteter Anruf. {reason}',
        operatorUnavailable: 'Gerade ist kein Mitarbeiter erreichbar. Bitte versuchen Sie es später erneut.',
        goodbye: 'Auf Wiederhören.',
        role_courier: 'Der Kurier',
        role_customer: 'Der Kunde',
        role_restaurant: 'Das Restaurant',
        to_courier: 'dem Kurier',
        to_customer: 'dem Kunden',
        to_restaurant: 'dem Restaurant',
        reason_caller_request: 'Der Anrufer möchte einen Mitarbeiter sprechen.',
        reason_pin_failed: 'Der Anrufer konnte keine gültige Bestellnummer eingeben.',
        reason_callee_unreachable: 'Die andere Seite war nicht erreichbar.',
        reason_service_error: 'Die Bestellabfrage ist fehlgeschlagen.',
        reason_caller_id_withheld: 'Der Anrufer hat seine Rufnummer unterdrückt.',
        reason_no_route: 'Die gewählte Nummer ist mit keiner aktiven Bestellung für die Rufnummer des Anrufers verbunden.',
        noRoute: 'Diese Nummer ist mit keiner aktiven Bestellung für Ihre Rufnummer verbunden.',
        knownCallerMenu: 'Sie haben {count} aktive Bestellungen.',
        knownCallerOption: 'Für Bestellung {orderId} drücken Sie die {digit}.',
        knownCallerOptionWithout: 'Für Ihre Bestellung mit {calleeName} drücken Sie die {digit}.',
        knownCallerPinOption: 'Um stattdessen eine Bestellnummer einzugeben, drücken Sie die 0.',
    };
    const PROMPT_CATALOGUES = { en: PROMPTS_EN, de: PROMPTS_DE };
    function renderPrompt(text, values = {}) {
        return text
            .replace(/\{([A-Za-z]+)\}/g, (_m, name) => (name in values ? String(values[name]) : ''))
            .replace(/\s+/g, ' ')
            .trim();
    }
    function resolveVoice(path) {
        let node = VoiceList;
        for (const part of path.split('.')) {
            node = node !== null && typeof node === 'object' ? node[part] : undefined;
        }
        if (node === undefined || node === null) {
            logEvent('voice_unknown', { voice: path });
            return undefined;
        }
        return node;
    }
    class Speech {
        constructor(settings, language, scope, facts, known) {
            this.language = language;
            this.scope = scope;
            this.facts = facts;
            this.known = known;
            this.texts = { ...PROMPT_CATALOGUES[language], ...settings.prompts[language] };
            this.voice = resolveVoice(settings.voices[language]);
        }
        text(id, values = {}) {
            return renderPrompt(this.texts[id], values);
        }
        utterance(ids, values = {}) {
            return ids
                .map((id) => this.text(id, values))
                .filter(Boolean)
                .join(' ');
        }
        partyName(party, form = 'subject') {
            if (party.label !== undefined) {
                if (labelProblem(party.label, this.known.phones()) === null)
                    return party.label;
                this.facts.warn('order_text_unspeakable');
            }
            return this.text(form === 'subject' ? `role_${party.role}` : `to_${party.role}`);
        }
        whisperFrom(caller) {
            const callerName = this.partyName(caller);
            const orderId = this.reportedOrderId();
            const whisper = orderId === null || orderId !== this.known.orderId()
                ? this.text('whisperWithoutOrderId', { callerName })
                : this.text('whisper', { callerName, orderId });
            if (spokenTogetherProblem([whisper], this.known.phones()) === null)
                return whisper;
            this.facts.warn('order_text_unspeakable');
            return this.text('whisperWithoutOrderId', { callerName: this.text(`role_${caller.role}`) });
        }
        reportedOrderId() {
            const orderId = this.known.orderId();
            if (orderId === null)
                return null;
            return this.speakableOrderId(orderId) ?? orderId.replace(/\p{N}/gu, '*');
        }
        speakableOrderId(orderId) {
            if (orderIdProblem(orderId, this.known.phones()) === null)
                return orderId;
            this.facts.warn('order_text_unspeakable');
            return null;
        }
        say(call, text) {
            let spoken = text;
            if (spokenTogetherProblem([text], this.known.phones()) !== null) {
                this.facts.warn('order_text_unspeakable');
                spoken = withoutSpokenDigits(text);
            }
            call.say(spoken, this.voice ? { voice: this.voice } : {});
        }
        speak(text, call = this.scope.primary) {
            return this.scope.wait((done) => {
                const off = listen(call, CallEvents.PlaybackFinished, () => done());
                this.say(call, text);
                return off;
            }, { timeoutMs: speechBoundMs(text), onTimeout: () => undefined });
        }
    }
    function speechBoundMs(text) {
        return 10000 + text.length * 100;
    }
    class CallContext {
        constructor(settings, start, secret) {
            this.settings = settings;
            this.secret = secret;
            this.facts = new ResultFacts((code) => logEvent('warning', { code }));
            this.callerId = '';
            this.callerDigits = null;
            this.maskedCaller = maskPhone(null);
            this.order = null;
            this.route = null;
            this.candidates = [];
            this.reference = {};
            this.recordingStarted = false;
            this.slowPath = false;
            this.virtualNumber = start.virtualNumber;
            this.defaultCountryCode = countryCodeOf(start.virtualNumber);
            this.sessionId = start.sessionId;
            this.startedAtMs = start.atMs;
            this.mode = start.mode;
            this.ringTimeoutS = settings.dial.ringTimeoutS;
            this.language = pickLanguage(settings, start.virtualNumber);
            this.scope = new CallScope({
                warn: (code) => this.facts.warn(code),
                onPrimaryGone: () => this.facts.endedBy('caller'),
            });
            this.speech = new Speech(settings, this.language, this.scope, this.facts, {
                orderId: () => this.order?.orderId ?? null,
                phones: () => [this.order, ...this.candidates].flatMap((order) => (order ? order.parties.map((p) => p.phone) : [])),
            });
        }
        get primary() {
            return this.scope.primary;
        }
        identifyCaller(callerId) {
            this.callerId = callerId;
            this.callerDigits = internationalDigits(callerId, this.defaultCountryCode);
            this.maskedCaller = this.callerDigits === null ? maskPhone(null) : maskPhone(`+${this.callerDigits}`);
        }
        attachPrimary(call, kind, atMs) {
            this.scope.attachPrimary(call, new LegTimes(kind, this.maskedCaller, atMs));
        }
        get attemptLimit() {
            const { pin, lockout } = this.settings;
            return this.slowPath ? Math.min(pin.attempts, lockout.numberBudget.attempts) : pin.attempts;
        }
    }
    function pickLanguage(settings, virtualNumber) {
        for (const [number, lang] of Object.entries(settings.language.byVirtualNumber)) {
            if (samePhone(number, virtualNumber))
                return lang;
        }
        return settings.language.default;
    }
    function isDelivered(code) {
        return code >= 200 && code < 300;
    }
    function isRetryable(code) {
        return code <= 0 || code === 408 || code === 425 || code === 429 || code >= 500;
    }
    function backoffMs(attempt, baseS) {
        return baseS * 1000 * 2 ** (attempt - 1);
    }
    const IDLE_SESSION_END_S = 60;
    const DELIVERY_MARGIN_S = 5;
    const DEAD_LETTER_RESERVE_S = 10;
    const MIN_REQUEST_TIMEOUT_S = 1;
    function lastCallEndedAtMs(legs, nowMs) {
        const ends = legs.map((leg) => (leg.endedAt === null ? nowMs : Date.parse(leg.endedAt))).filter((ms) => Number.isFinite(ms));
        return ends.length === 0 ? nowMs : Math.min(nowMs, Math.max(...ends));
    }
    function deliveryDeadlineMs(callsEndedAtMs) {
        return callsEndedAtMs + (IDLE_SESSION_END_S - DELIVERY_MARGIN_S) * 1000;
    }
    function requestTimeoutWithinS(requestTimeoutS, remainingMs) {
        const timeoutS = Math.min(requestTimeoutS, Math.floor(remainingMs / 1000));
        return timeoutS >= MIN_REQUEST_TIMEOUT_S ? timeoutS : 0;
    }
    function formatDeadLetter(body, headers) {
        return headers ? JSON.stringify({ headers, body }) : body;
    }
    const NIBBLE_LETTERS = 'abcdefghijklmnop';
    function toLogLetters(text) {
        let out = '';
        for (const char of text) {
            for (const byte of utf8Bytes(char.codePointAt(0)))
                out += NIBBLE_LETTERS[byte >> 4] + NIBBLE_LETTERS[byte & 15];
        }
        return out;
    }
    function utf8Bytes(code) {
        if (code < 0x80)
            return [code];
        if (code < 0x800)
            return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
        if (code < 0x10000)
            return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
        return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    }
    const CALL_RESULT_VERSION = 1;
    const DEAD_LETTER_NAMESPACE = 'deadletter';
    function deadLetterKey(sessionId) {
        return `${DEAD_LETTER_NAMESPACE}:${sessionId}`;
    }
    const SIGNATURE_VERSION = 'v1';
    const SIGNATURE_HEADER = 'X-Voxmask-Signature';
    const TIMESTAMP_HEADER = 'X-Voxmask-Timestamp';
    function signingInput(timestampS, body) {
        return `${SIGNATURE_VERSION}:${timestampS}:${body}`;
    }
    function formatSignature(hexHmac) {
        return `${SIGNATURE_VERSION}=${hexHmac.toLowerCase()}`;
    }
    function signatureHeaders(timestampS, hexHmac) {
        return { [TIMESTAMP_HEADER]: String(timestampS), [SIGNATURE_HEADER]: formatSignature(hexHmac) };
    }
    async function deliverResult(settings, sessionId, body, secret, bounds) {
        if (settings.webhookUrl && secret) {
            const postUntilMs = bounds.deadlineMs - DEAD_LETTER_RESERVE_S * 1000;
            if (await postWithRetries(settings, settings.webhookUrl, body, secret, postUntilMs))
                return 'delivered';
        }
        else {
            logEvent('result_not_posted', { reason: settings.webhookUrl ? 'secret_missing' : 'no_webhook' });
        }
        if (await deadLetter(settings, sessionId, body, secret, bounds.deadlineMs))
            return 'dead_lettered';
        bounds.logResult(body);
        return 'logged';
    }
    function postOnce(url, body, secret, timeoutS) {
        return Net.httpRequestAsync(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', ...signNow(body, secret) },
            postData: body,
            timeout: timeoutS,
            connectionTimeout: Math.min(timeoutS, 6),
        });
    }
    async function postWithRetries(settings, url, body, secret, untilMs) {
        for (let attempt = 1; attempt <= settings.attempts; attempt += 1) {
            const timeoutS = requestTimeoutWithinS(settings.requestTimeoutS, untilMs - Date.now());
            if (timeoutS === 0) {
                logEvent('result_post_skipped', { attempt, reason: 'no_time_left' });
                return false;
            }
            let code;
            try {
                const answer = await settleWithin(postOnce(url, body, secret, timeoutS), timeoutS * 1000 + 1000);
                code = answer.settled ? answer.value.code : -7;
            }
            catch (err) {
                code = 0;
                logEvent('result_post_error', { attempt, error: errorMessage(err) });
            }
            if (isDelivered(code)) {
                logEvent('result_delivered', { attempt, code });
                return true;
            }
            logEvent('result_post_failed', { attempt, code });
            if (!isRetryable(code) || attempt === settings.attempts)
                break;
            const waitMs = backoffMs(attempt, settings.backoffS);
            if (Date.now() + waitMs + MIN_REQUEST_TIMEOUT_S * 1000 > untilMs) {
                logEvent('result_post_skipped', { attempt: attempt + 1, reason: 'no_time_left' });
                break;
            }
            await sleep(waitMs);
        }
        return false;
    }
    async function deadLetter(settings, sessionId, body, secret, deadlineMs) {
        const key = deadLetterKey(sessionId);
        const value = deadLetterValue(body, secret);
        if (value.length > KV_MAX_VALUE_LENGTH) {
            logEvent('dead_letter_failed', {
                attempt: 0,
                error: `the dead letter has ${value.length} characters; one storage value holds ${KV_MAX_VALUE_LENGTH}`,
            });
            return false;
        }
        for (let attempt = 1; attempt <= 2; attempt += 1) {
            const leftMs = deadlineMs - Date.now();
            if (leftMs <= 0)
                break;
            try {
                const put = await settleWithin(ApplicationStorage.put(key, value, settings.deadLetterTtlS), leftMs);
                if (!put.settled) {
                    logEvent('dead_letter_failed', { attempt, error: `no answer within ${leftMs} ms` });
                    return false;
                }
                logEvent('result_dead_lettered', { key, ttlS: settings.deadLetterTtlS });
                return true;
            }
            catch (err) {
                logEvent('dead_letter_failed', { attempt, error: errorMessage(err) });
            }
        }
        return false;
    }
    function settleWithin(work, ms) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => resolve({ settled: false }), ms);
            work.then((value) => {
                clearTimeout(timer);
                resolve({ settled: true, value });
            }, (err) => {
                clearTimeout(timer);
                reject(err);
            });
        });
    }
    function signNow(body, secret) {
        const timestampS = Math.floor(Date.now() / 1000);
        return signatureHeaders(timestampS, Crypto.hmac_sha256(secret, signingInput(timestampS, body)));
    }
    function deadLetterValue(body, secret) {
        return formatDeadLetter(body, secret ? signNow(body, secret) : null);
    }
    function logUndelivered(body, secret) {
        logEvent('result_undelivered', { result: body });
        logEvent('result_logged', { value: toLogLetters(deadLetterValue(body, secret)) });
    }
    function sleep(ms) {
        return new Promise((resolve) => setTimeout(resolve, ms));
    }
    function buildResult(ctx, resultId, nowMs) {
        const facts = ctx.facts.snapshot();
        return {
            version: CALL_RESULT_VERSION,
            resultId,
            sessionId: ctx.sessionId,
            mode: ctx.mode,
            ...ctx.reference,
            virtualNumber: ctx.virtualNumber,
            caller: ctx.maskedCaller,
            orderId: ctx.speech.reportedOrderId(),
            pin: facts.pin,
            callerRole: ctx.route?.caller.role ?? null,
            calleeRole: ctx.route?.callee.role ?? null,
            outcome: facts.outcome,
            operatorReason: facts.operatorReason,
            endedBy: facts.endedBy,
            startedAt: iso(ctx.startedAtMs),
            endedAt: iso(nowMs),
            durationS: seconds(nowMs - ctx.startedAtMs),
            recordingUrl: facts.recordingUrl,
            legs: ctx.scope.legs.map((leg) => leg.toResult(nowMs)),
            warnings: facts.warnings,
        };
    }
    function newResultId(sessionId) {
        return `${sessionId}-${uuidgen()}`;
    }
    class SessionReport {
        constructor(secret) {
            this.secret = secret;
            this.phase = 'running';
            this.body = null;
            this.logged = false;
        }
        logResult(body) {
            this.phase = 'settled';
            if (this.logged)
                return;
            this.logged = true;
            logUndelivered(body, this.secret);
        }
    }
    function prepareScenario() {
        require(Modules.ApplicationStorage);
        Logger.hideTones(true);
    }
    function newSession(ctx) {
        return { ctx, resultId: newResultId(ctx.sessionId), report: new SessionReport(ctx.secret) };
    }
    function startSession(session, steps, first) {
        runSession(session, steps, first).catch((err) => {
            logError('session', err);
            VoxEngine.terminate();
        });
    }
    async function runSession({ ctx, resultId, report }, steps, first) {
        let next = first;
        try {
            while (next.step !== 'done') {
                logEvent('step', { step: next.step });
                const step = steps[next.step];
                if (!step)
                    throw new Error(`step ${next.step} is not part of this scenario`);
                next = await step.run(ctx, next);
            }
        }
        catch (err) {
            if (!(err instanceof CallerGoneError)) {
                logError(`step ${next.step}`, err);
                ctx.facts.warn('scenario_error');
                ctx.facts.unexpectedError();
            }
        }
        if (ctx.scope.hasPrimary && ctx.primary.state() !== 'TERMINATED')
            ctx.primary.hangup();
        ctx.scope.releaseAll();
        const nowMs = Date.now();
        const result = buildResult(ctx, resultId, nowMs);
        report.body = JSON.stringify(result);
        report.phase = 'delivering';
        const idleSinceMs = result.legs.length === 0 ? ctx.startedAtMs : lastCallEndedAtMs(result.legs, nowMs);
        const deadlineMs = deliveryDeadlineMs(idleSinceMs);
        const where = await deliverResult(ctx.settings.results, ctx.sessionId, report.body, ctx.secret, {
            deadlineMs,
            logResult: (body) => report.logResult(body),
        });
        report.phase = 'settled';
        logEvent('session_end', { outcome: result.outcome, delivery: where });
        VoxEngine.terminate();
    }
    function reportOnTerminating(settings, current) {
        VoxEngine.addEventListener(AppEvents.Terminating, () => {
            const session = current();
            if (!session || session.report.phase === 'settled')
                return;
            const { ctx, resultId, report } = session;
            const body = report.body ?? JSON.stringify(buildResult(ctx, resultId, Date.now()));
            logEvent('result_on_terminating', { phase: report.phase });
            report.logResult(body);
            if (settings.results.webhookUrl && ctx.secret) {
                postOnce(settings.results.webhookUrl, body, ctx.secret, settings.results.requestTimeoutS).catch((err) => logError('terminating_post', err));
            }
        });
    }
    function readSecret(settings) {
        const secret = VoxEngine.getSecretValue(settings.results.secretName);
        if (!secret)
            logEvent('secret_missing', { name: settings.results.secretName });
        return secret ?? undefined;
    }
    function serveInboundCalls(settings, mode, steps) {
        prepareScenario();
        let sessionId = 0;
        let session = null;
        VoxEngine.addEventListener(AppEvents.Started, (e) => {
            sessionId = e.sessionId;
        });
        VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
            if (session) {
                e.call.reject(486);
                return;
            }
            const atMs = Date.now();
            const ctx = new CallContext(settings, { sessionId, atMs, virtualNumber: e.destination, mode }, readSecret(settings));
            ctx.identifyCaller(e.callerid);
            ctx.attachPrimary(e.call, 'inbound', atMs);
            session = newSession(ctx);
            startSession(session, steps, { step: 'answer' });
        });
        reportOnTerminating(settings, () => session);
    }
    serveInboundCalls(settings, 'pool', POOL_CALL_STEPS);
})();
