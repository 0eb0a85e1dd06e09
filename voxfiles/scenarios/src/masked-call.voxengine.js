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
      "revealCallerMismatch": false
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
      "number": "+493099991000",
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

  /**
   * Digits of any script, read as ASCII digits. A phone number can be written with full-width digits
   * (`０１５１`), Arabic-Indic (`٠١٥١`), Devanagari or any other Unicode decimal digits (`\p{Nd}`), and
   * separated by anything (`0151,1234`, `+49 151–…`); every privacy rule of voxmask therefore works on the
   * digits this module extracts, never on a layout. Pure TypeScript: runs in the bundle and in Node.
   */
  const DECIMAL_DIGIT = /\p{Nd}/u;
  const DECIMAL_DIGITS = /\p{Nd}/gu;
  /**
   * The value 0–9 of one Unicode decimal digit (`\p{Nd}`), given as a single code point string.
   * Unicode assigns decimal digits in contiguous runs of ten, zero first, so the value is the distance
   * from the start of the run modulo 10 (https://www.unicode.org/reports/tr44/#Numeric_Type, "Decimal").
   */
  function digitValue(char) {
      const cp = char.codePointAt(0);
      let start = cp;
      while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1)))
          start -= 1;
      return (cp - start) % 10;
  }
  /**
   * `text` in Unicode NFKC with every decimal digit of any script replaced by its ASCII digit:
   * `"Max ０１５１,٢٣٤"` → `"Max 0151,234"`. Everything else is kept as NFKC gives it.
   */
  function normaliseDigits(text) {
      return text.normalize('NFKC').replace(DECIMAL_DIGITS, (d) => (d >= '0' && d <= '9' ? d : String(digitValue(d))));
  }
  /** Only the digits of `text`, as ASCII, in order, whatever separates them: `"+49 (151) ١٢-3"` → `"49151123"`. */
  function digitsOf(text) {
      return normaliseDigits(text).replace(/[^0-9]/g, '');
  }

  /**
   * Phone-number helpers shared by the VoxEngine scenario and the Node backend. Pure TypeScript: no
   * Node or VoxEngine globals, so the same code runs in both places.
   *
   * Platform fact (docs/platform.md#number-format): callPSTN takes E.164;
   * whether inbound `callerid` carries a leading `+` is not settled, so every comparison here works on
   * canonical digits (internationalDigits): `+4915…`, `4915…`, `004915…`, `+004915…` and, on a German
   * virtual number, the national `015…` are the same number (inferred).
   */
  /** Source of the E.164 rule: `+`, a non-zero country-code digit, 7 to 15 digits in total (ITU-T E.164). */
  const E164_PATTERN_SOURCE = '^\\+[1-9][0-9]{6,14}$';
  const E164 = new RegExp(E164_PATTERN_SOURCE, 'u');
  /** True when `value` is an E.164 number with its `+` (e.g. `+4915112345678`). */
  function isE164(value) {
      return E164.test(value);
  }
  /** Characters a written number may carry between its digits: spaces, brackets, dots, slashes and dashes of any kind. */
  const NUMBER_SEPARATORS = /[\s().\/\u2010-\u2015\u2212-]/gu;
  /** A caller ID once separators are gone: an optional `+`, then digits only. */
  const PLAIN_NUMBER = /^(\+?)([0-9]+)$/;
  /**
   * Country calling codes whose numbers keep a leading 0 inside E.164 (Italy, San Marino, Vatican, Côte
   * d'Ivoire, Gabon, Republic of the Congo); everywhere else a 0 is only ever a trunk prefix.
   */
  const ZERO_IS_PART_OF_NUMBER = new Set(['39', '378', '379', '225', '241', '242']);
  /**
   * The canonical international digits of a phone number (no `+`), so that one number has one form
   * whatever way a caller ID or a record writes it:
   * - digits of any script count (`＋４９…`, contract/digits.ts), and spaces, brackets, dots, slashes and
   *   dashes between them are dropped;
   * - `+49…`, `49…`, `0049…`, `00049…`, `+0049…` all give `49…` (a leading `00`, with any further zeros,
   *   is the international prefix: a country code never begins with 0);
   * - a trunk `0` written after the country code (`+49 (0)176…`, `+490176…`) is dropped, except in the
   *   countries whose numbers begin with 0 (Italy and a few others);
   * - a single trunk `0` (`0176…`, also `+0176…`) is the national form: it is resolved with
   *   `defaultCountryCode` (`'49'` gives `49176…`; Italy keeps the 0); the Russian trunk `8` is
   *   resolved when the default is `'7'` (`8916…` of eleven digits gives `7916…`);
   * - other digit strings are read as international digits already (`4915…`).
   * Returns null for anything else: empty, `anonymous`, SIP URIs, letters, fewer than 6 or more than 15
   * digits, or a national form without a `defaultCountryCode` (null or undefined). Callers treat null as
   * a withheld caller ID, so a format this function cannot read never gets a PIN entry.
   *
   * @param raw caller ID or number as written (E.164 or not).
   * @param defaultCountryCode country calling code digits for national forms, e.g. `'49'` (see countryCodeOf).
   */
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
  /** `digits` with its country code in front: international prefixes stripped, a national form resolved. */
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
  /** International digits without a trunk 0 after the country code (`490176…` → `49176…`), where 0 is only a trunk prefix. */
  function withoutTrunkZero(digits) {
      const cc = digits.slice(0, countryCodeLength(digits));
      return ZERO_IS_PART_OF_NUMBER.has(cc) ? digits : `${cc}${digits.slice(cc.length).replace(/^0+/, '')}`;
  }
  /**
   * True when both strings denote the same phone number by their canonical international digits
   * (internationalDigits, national forms resolved with `defaultCountryCode`). Two withheld or unreadable
   * values are never the same number.
   */
  function samePhone(a, b, defaultCountryCode) {
      const da = internationalDigits(a, defaultCountryCode);
      return da !== null && da === internationalDigits(b, defaultCountryCode);
  }
  /** Country calling codes of two digits (ITU-T E.164 assignments); 1 and 7 are the one-digit codes, all others have three. */
  const TWO_DIGIT_COUNTRY_CODES = new Set([
      '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
      '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
      '86', '90', '91', '92', '93', '94', '95', '98',
  ]);
  /** Length (1–3) of the country calling code that begins `digits` (international digits, no `+`). */
  function countryCodeLength(digits) {
      if (digits.startsWith('1') || digits.startsWith('7'))
          return 1;
      return TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  }
  /**
   * The country calling code (digits, no `+`) of an international number, e.g. `'49'` for
   * `+4930500000001`; null when `raw` is not a readable international number. The scenario resolves a
   * caller ID in national form with the code of the dialed virtual number: national forms are relative
   * to the network the call arrives on.
   */
  function countryCodeOf(raw) {
      const digits = internationalDigits(raw);
      return digits === null ? null : digits.slice(0, countryCodeLength(digits));
  }
  /** Number of trailing digits left visible by maskPhone. */
  const MASK_VISIBLE_TAIL = 3;
  /**
   * The form of a phone number that may appear in logs and results: `+` and the country code, then one
   * `*` per hidden digit, then the last three digits (`+4915112345678` → `+49********678`). A value that
   * is not a phone number (withheld caller ID) becomes `<withheld>`; one too short to keep a tail is
   * fully starred.
   */
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

  /**
   * Everything the masked-call scenario says, as data: one catalogue per language, with `{name}`
   * placeholders. The scenario bundle renders them (renderPrompt); the Node side validates configured
   * overrides against PROMPT_PLACEHOLDERS. Pure TypeScript.
   *
   * Role names come in two forms: `role_*` is the subject ("The courier is busy", "Der Kurier
   * telefoniert gerade"), `to_*` the object after "connecting you to" ("dem Kurier").
   *
   * Oracle rule: by default a caller hears `pinRejected` both when a PIN matches no order and when it
   * matches an order they are not a party of; `orderNotFound` and `callerNotOnOrder` are spoken only with
   * pin.revealCallerMismatch (contract/scenario-settings.ts).
   *
   * Privacy rule: no placeholder ever carries a phone number. `{callerName}`/`{calleeName}` are role
   * names or display labels and `{orderId}` is the order id, each checked right before it is spoken
   * (contract/spoken-text.ts): a label that fails is replaced by the role name, an order id that fails
   * turns `whisper` into `whisperWithoutOrderId`.
   */
  /** Supported prompt languages. */
  /** English texts. */
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
  };
  /** German texts: proof that prompts are data, not code. */
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
  };
  /** The built-in catalogue of each language. */
  const PROMPT_CATALOGUES = { en: PROMPTS_EN, de: PROMPTS_DE };
  /**
   * Fills `{name}` placeholders of `text` from `values`. A placeholder without a value is left out
   * (rendered as an empty string), never printed as `{name}` to a caller.
   */
  function renderPrompt(text, values = {}) {
      return text.replace(/\{([A-Za-z]+)\}/g, (_m, name) => (name in values ? String(values[name]) : '')).replace(/\s+/g, ' ').trim();
  }

  /**
   * What text from an order record may be spoken to a party. A display label and the order id are read
   * out by TTS (the whisper "Max is calling about order A-1042", "connecting you to Max"), so they must
   * never carry a phone number, whatever its layout: `0151,1234,5678`, `+49 151–1234…`, full-width
   * `０１５１…`, Arabic-Indic `٠١٥١…` are all numbers. The rule is about digits, never about separators:
   *
   * - the text is read in Unicode NFKC with every decimal digit of any script as its ASCII digit
   *   (contract/digits.ts), so `⑴`, `１` and `١` are all `1`; a digit's name spoken as a whole word in a
   *   prompt language (`one`, `zwei`, `null`, SPOKEN_DIGIT_WORDS) counts as that digit too, because TTS
   *   reads `Max one five one one…` as a number;
   * - a **label** (a name) holds at most LABEL_MAX_DIGITS digits in all;
   * - an **order id** holds at most ORDER_ID_MAX_DIGITS digits in all: enough for a date, a year and a
   *   sequence (`ORD-2026-0512`, `20260512`, `A-1042`), fewer than any phone number with its area code;
   * - neither may contain, in its digit stream, the last PARTY_NUMBER_TAIL_DIGITS digits of one of the
   *   order's own phones (the number that must stay hidden is known exactly, so it is matched exactly);
   * - nor may texts spoken in one utterance together (the whisper's label and order id): their joint
   *   digit stream is checked for the same tails (spokenTogetherProblem), so a number split between
   *   the label and the order id is refused too.
   *
   * Both sides apply it: the backend refuses such a record (contract/order-record.ts), and the scenario
   * checks again right before speaking (a record written by another tool must not leak either) and
   * falls back to the role name or leaves the order id out. Pure TypeScript.
   */
  /** Most digits a display label may hold (any script, any separators). */
  const LABEL_MAX_DIGITS = 6;
  /** Most digits an order id may hold (any separators). */
  const ORDER_ID_MAX_DIGITS = 8;
  /** Length of a party phone's tail that no spoken text may contain. */
  const PARTY_NUMBER_TAIL_DIGITS = 7;
  /**
   * Why `text` may not be spoken as a display label, or null when it may. `partyPhones` are the order's
   * phones (E.164 or any caller-ID form). Counts digits after NFKC (contract/digits.ts).
   */
  function labelProblem(text, partyPhones) {
      return digitProblem(text, LABEL_MAX_DIGITS, 'a label', partyPhones);
  }
  /** Why `text` may not be spoken as an order id, or null when it may (rule in this module's header). */
  function orderIdProblem(text, partyPhones) {
      return digitProblem(text, ORDER_ID_MAX_DIGITS, 'an order id', partyPhones);
  }
  /**
   * Digit names read as digits when they stand as whole words (case-insensitive, after NFKC), in the
   * prompt languages (contract/prompts.ts: en, de).
   */
  const SPOKEN_DIGIT_WORDS = {
      zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
      null: '0', eins: '1', ein: '1', zwei: '2', zwo: '2', drei: '3', vier: '4', fünf: '5', fuenf: '5', sechs: '6', sieben: '7', acht: '8', neun: '9',
  };
  /**
   * The digits a listener hears in `text`, as ASCII, in order: decimal digits of any script after NFKC
   * (contract/digits.ts) and digit names spoken as whole words (SPOKEN_DIGIT_WORDS):
   * `"Max ٠١٥١ two"` → `"01512"`.
   */
  function spokenDigitsOf(text) {
      const words = normaliseDigits(text).replace(/\p{L}+/gu, (word) => SPOKEN_DIGIT_WORDS[word.toLowerCase()] ?? word);
      return digitsOf(words);
  }
  /**
   * Why texts spoken together in one utterance (e.g. the whisper's label and order id, in speaking
   * order) may not be spoken, or null: their joint digit stream holds the last PARTY_NUMBER_TAIL_DIGITS
   * digits of one of `partyPhones` (E.164 or any caller-ID form).
   */
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
  /**
   * `text` with every number it could speak taken out: number characters of any script and digit names
   * (SPOKEN_DIGIT_WORDS) removed, the rest kept, so an utterance that failed spokenTogetherProblem can
   * still be spoken (the call flow waits for its end) without its digits.
   */
  function withoutSpokenDigits(text) {
      return normaliseDigits(text)
          .replace(/\p{N}/gu, '')
          .replace(/\p{L}+/gu, (word) => (SPOKEN_DIGIT_WORDS[word.toLowerCase()] === undefined ? word : ''))
          .replace(/\s{2,}/g, ' ');
  }

  /** Small named errors of the masked-call scenario; their `name` is what the session log shows (logError). */
  /** The caller's leg disconnected: every pending wait of the flow rejects with this. */
  class CallerGoneError extends Error {
      constructor() {
          super('the caller hung up');
          this.name = 'CallerGoneError';
      }
  }
  /** A platform event the flow waits for did not arrive in time (e.g. Connected after answer()); `what` names it. */
  class WaitTimeoutError extends Error {
      constructor(what) {
          super(`timed out waiting for ${what}`);
          this.name = 'WaitTimeoutError';
      }
  }
  /** The message of anything thrown or rejected (platform errors are not always Error objects). */
  function errorMessage(err) {
      return err instanceof Error ? err.message : String(err);
  }

  class LegTimes {
      constructor(kind, 
      /** Masked number of the far end. */
      maskedNumber, startedAtMs) {
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
      /** The leg as it appears in the result; `nowMs` closes a leg that has not ended yet. */
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
  /** ISO 8601 UTC with milliseconds. */
  function iso(epochMs) {
      return new Date(epochMs).toISOString();
  }
  /** Milliseconds to seconds with millisecond precision (never negative). */
  function seconds(ms) {
      return Math.max(0, Math.round(ms)) / 1000;
  }

  /**
   * Masking of phone numbers inside free text and JSON, for everything voxmask prints, logs or writes
   * (CLI output, reports, error messages, scenario and sandbox logs). Pure TypeScript: no Node or
   * VoxEngine globals, so the scenario bundle uses it too.
   *
   * The rule, in digits rather than formats:
   * 1. A **run** is a stretch of one line that begins and ends with a digit and contains no letter.
   *    Digits are those of any script (`０１５１`, `٠١٥١`, `०१५१`, and characters whose compatibility form
   *    is a digit, see contract/digits.ts); everything on the line that is not a letter joins them:
   *    spaces of any kind (NBSP, thin space), commas, dots, colons, `+`, dashes (`-`, `–`, `—`, `−`),
   *    brackets, slashes, underscores, stars, zero-width and combining marks, invisible fillers (which
   *    Unicode counts as letters, e.g. U+3164). A `+` written just before
   *    the first digit belongs to the run. So `0151,1234`, `+49 (0) 151 / 123-45.67` and `030:1234:5678`
   *    are each one run. Line breaks end a run: multi-line output (a timeline whose lines end in a PIN
   *    and begin with a time) is not one long number.
   * 2. A run with **seven or more digits** is masked like maskPhone does (contract/phone.ts): `+`, the
   *    country code, one `*` per hidden digit, the last three digits (`+49********678`). A run that is not
   *    a readable international number (a national `0151 …`, more than 15 digits) keeps only its last
   *    three digits (`*********567`). Runs of six digits or fewer (PINs, counts) stay.
   * 3. voxmask's own **dates, times and addresses stay readable** when they are all a run holds: in
   *    ASCII digits, `YYYY-MM-DD` or `YYYY/MM/DD` (a real month and day, years 1900–2199; recording URLs
   *    carry the latter), a time `H:MM`, `H:MM:SS`, `MM:SS.f…` or `H:MM:SS.f…` (minutes and seconds
   *    00–59, one to nine fraction digits, an optional `+HH:MM` zone), a date, a space and a time, and an
   *    IPv4 address with a port (`127.0.0.1:8443`) or after `//` (a URL host). Thus
   *    `2026-11-21T06:31:05.794Z` (the `T` parts two runs), `2026-11-21 06:31:05`, `12:34:56.789` and a
   *    timeline's `00:01:05.794` survive, while `030:1234:5678` (groups of 3 and 4 are no time),
   *    `+49 15:12:34 5678` and `12:34:56.789 0151 2345` (a time sharing its run with other digits) are
   *    masked as a whole.
   * 4. Numbers listed in `keep` (public virtual numbers) stay visible where a run, or a whole group
   *    sequence inside a run, has the same digits (as written or as canonical international digits, so
   *    `+49 30 2555 0100` and `0049302555 0100` match `+493025550100`). Digits joined to a kept number
   *    in the same run are then masked whatever their count, so a kept prefix cannot reveal a longer
   *    number (`+49 30 2555 0100 1` does not show the `1`).
   * 5. Text masked already stays as it is (`+49********678, +49********789`: a `*` run of three or more
   *    between a group of one to three digits and one of three digits is a masked number), so masking
   *    twice changes nothing.
   */
  /** Fewest digits in a run that is masked: the shortest subscriber number with an area code. */
  const MIN_MASKED_DIGITS = 7;
  /**
   * Letters of any script end a run; a character whose compatibility form has a letter counts as one.
   * Invisible "letters" (Hangul fillers and other default-ignorable code points) do not: they would let
   * a number hide in two short runs.
   */
  const LETTER = /(?!\p{Default_Ignorable_Code_Point})\p{L}/u;
  const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u;
  /** `+` and its compatibility forms (`＋`, `⁺`, `﹢`) once NFKC-normalised. */
  const PLUS = '+';
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
  /** The runs of `text` (rule 1): each a list of digit groups with no letter or line break between them. */
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
  /** Reads the date, time and address shapes of rule 3 on the groups of one run. */
  class ShapeReader {
      constructor(text, run) {
          this.text = text;
          this.run = run;
      }
      gap(i) {
          return i + 1 < this.run.length ? this.text.slice(this.run[i].end, this.run[i + 1].start) : undefined;
      }
      /** Group i in ASCII with a length in [min, max] and a value ≤ maxValue; its value, or undefined. */
      num(i, min, max, maxValue) {
          const g = this.run[i];
          if (!g || !g.ascii || g.digits.length < min || g.digits.length > max)
              return undefined;
          const value = Number(g.digits);
          return value <= maxValue ? value : undefined;
      }
      /** Last group index of the longest shape starting at group i, or undefined. */
      shapeAt(i) {
          const date = this.dateAt(i);
          if (date !== undefined) {
              const time = this.gap(date) === ' ' ? this.timeAt(date + 1) : undefined;
              return time ?? date;
          }
          return this.timeAt(i) ?? this.addressAt(i);
      }
      /** `+49********678` as maskPhone writes it: 1–3 digits, three or more stars, three digits. */
      maskedAt(i) {
          const gap = this.gap(i);
          if (gap === undefined || !/^\*{3,}$/.test(gap) || this.num(i, 1, 3, Infinity) === undefined || this.num(i + 1, 3, 3, Infinity) === undefined)
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
          if ((zone === '+' || zone === '-') && this.num(end + 1, 2, 2, 14) !== undefined && this.gap(end + 1) === ':' && this.num(end + 2, 2, 2, 59) !== undefined) {
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
  /** Ranges of groups kept (rule 3): masked numbers, and dates, times or addresses that stand apart. */
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
      // Adjacent shapes form one cluster, kept only when no other digits share its run (masked numbers aside).
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
  /** Most digits a kept number can have: 15 in E.164, plus an international prefix (`00`) and a trunk `0`. */
  const MAX_KEPT_DIGITS = 18;
  /** The digit forms of the numbers to keep: as written and canonical international. */
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
  /** True when the groups' digits are a kept number, as written or in canonical international form. */
  function isKept(groups, plus, keep) {
      const digits = groups.map((g) => g.digits).join('');
      if (keep.has(digits))
          return true;
      const canonical = internationalDigits(`${plus ? '+' : ''}${digits}`);
      return canonical !== null && keep.has(canonical);
  }
  /**
   * The masked form of a run's digits (rule 2): maskPhone's form for a readable international number,
   * else stars and the last three digits; a piece of fewer than seven digits (joined to a kept number)
   * is all stars.
   */
  function maskedDigits(digits, plus) {
      if (digits.length < MIN_MASKED_DIGITS)
          return '*'.repeat(digits.length);
      const written = `${plus ? '+' : ''}${digits}`;
      if (internationalDigits(written) !== null)
          return maskPhone(written);
      return '*'.repeat(digits.length - MASK_VISIBLE_TAIL) + digits.slice(-MASK_VISIBLE_TAIL);
  }
  /** True when `char` is a `+` in any form (`+`, `＋`, `⁺`, `﹢`). */
  function isPlus(char) {
      return char !== undefined && char !== '' && (char === PLUS || (char.charCodeAt(0) >= 0x80 && normaliseDigits(char).trim() === PLUS));
  }
  /**
   * Where the masked text of a run piece whose first digit is at `offset` begins, not before `floor`:
   * a `+` (any form) written just before it (spaces allowed between) is included and makes the number
   * international; so is an opening bracket whose `)` comes before `end` (`(030) 1234…`).
   */
  function pieceStart(text, offset, floor, end) {
      let i = offset;
      if (i > floor && text[i - 1] === '(' && text.slice(i, end).includes(')'))
          i -= 1;
      let j = i;
      while (j > floor && /\s/u.test(text[j - 1]))
          j -= 1;
      return j > floor && isPlus(text[j - 1]) ? { start: j - 1, plus: true } : { start: i, plus: false };
  }
  /**
   * `text` with every phone-like run masked (the rule is in this module's description): digits of any
   * script, joined by anything that is not a letter, seven or more of them → `+49********678`; voxmask's
   * ISO dates, times and `host:port` addresses stay readable; `options.keep` numbers (public virtual
   * numbers) stay visible. Never throws; text without such a run comes back unchanged.
   *
   * @param text any text: a log line, a CLI line, an error message, a multi-line report.
   * @param options `keep`: numbers to leave visible, compared by digits.
   */
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
          // Components: maximal sequences of groups that are no readable shape.
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
  /** The edits that mask groups [from, to] of a run, leaving kept numbers visible (rules 2 and 4). */
  function maskComponent(text, run, from, to, keep) {
      const floor = from === 0 ? 0 : run[from - 1].end;
      const hasPlus = (i) => pieceStart(text, run[i].start, i === from ? floor : run[i - 1].end, run[i].end).plus;
      const isKeptRange = (a, b) => keep.size > 0 && isKept(run.slice(a, b + 1), hasPlus(a), keep);
      if (isKeptRange(from, to))
          return [];
      // Carve kept numbers out of the component: the longest kept group sequence at each position. A kept
      // number has at most MAX_KEPT_DIGITS digits, which bounds the work on a long run to linear.
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

  /**
   * The scenario's session log (Logger.write). Privacy rule: numbers are logged masked (maskPhone) by the
   * caller of these functions, and every line passes through maskPhonesInText as a safety net, so a full
   * phone number can never reach the log. PINs are never passed here. DTMF digits are kept out of the
   * platform's own log with Logger.hideTones(true) in the entry file.
   */
  /** Writes `voxmask <event> key=value ...` to the session log. Values are expected to be masked already. */
  function logEvent(event, fields = {}) {
      const parts = Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
      Logger.write(maskPhonesInText(`voxmask ${event}${parts.length ? ` ${parts.join(' ')}` : ''}`));
  }
  /** Logs an unexpected error by name and message only (messages never carry numbers or PINs, and are masked anyway). */
  function logError(where, err) {
      const e = err instanceof Error ? err : new Error(String(err));
      logEvent('error', { where, error: e.name, message: e.message });
  }

  /**
   * Resolves a configured voice name such as `Amazon.en_US_Joanna` to the VoiceList object at run time
   * (VoiceList is a tree of namespaces with opaque Voice leaves, docs/platform.md#voices). An unknown
   * name is logged and yields undefined, so the platform's default voice is used rather than failing.
   */
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

  /** Longest an ApplicationStorage call may take before the flow treats it as failed, in ms (docs/scenario.md "lookup"). */
  const STORAGE_TIMEOUT_MS = 8000;
  /** What CallContext.storage resolves to when the ApplicationStorage call failed (its warning is already recorded). */
  const STORAGE_FAILED = Symbol('storage failed');
  /** Subscribes `fn` to a call event; returns the unsubscribe function. */
  function listen(call, event, fn) {
      call.addEventListener(event, fn);
      return () => call.removeEventListener(event, fn);
  }
  class CallContext {
      constructor(settings, info, 
      /** The HMAC key from VoxEngine.getSecretValue, or undefined when the secret is missing. */
      secret) {
          this.settings = settings;
          this.secret = secret;
          this.legs = [];
          /** Outbound legs, hung up at the end if still up. */
          this.peers = [];
          this.order = null;
          this.route = null;
          this.attemptsUsed = 0;
          this.pinOutcome = 'not_entered';
          this.outcome = null;
          this.operatorReason = null;
          this.endedBy = null;
          this.recordingUrl = null;
          this.recordingStarted = false;
          this.warnings = [];
          /** True when the dialed number is over its failure budget (lockout.numberBudget): fewer attempts, a delay first. */
          this.slowPath = false;
          this.callerGone = false;
          this.timers = new Set();
          this.goneWaiters = new Set();
          this.inbound = info.call;
          this.callerId = info.callerid;
          this.virtualNumber = info.destination;
          this.defaultCountryCode = countryCodeOf(info.destination);
          this.callerDigits = internationalDigits(info.callerid, this.defaultCountryCode);
          this.maskedCaller = this.callerDigits === null ? maskPhone(null) : maskPhone(`+${this.callerDigits}`);
          this.sessionId = info.sessionId;
          this.startedAtMs = info.atMs;
          this.language = pickLanguage(settings, info.destination);
          this.texts = { ...PROMPT_CATALOGUES[this.language], ...settings.prompts[this.language] };
          this.voice = resolveVoice(settings.voices[this.language]);
          this.inboundLeg = new LegTimes('inbound', this.maskedCaller, info.atMs);
          this.legs.push(this.inboundLeg);
          const gone = () => this.markCallerGone();
          listen(this.inbound, CallEvents.Disconnected, gone);
          listen(this.inbound, CallEvents.Failed, gone);
      }
      /** PIN entries this call may make: pin.attempts, or fewer on the slow path (lockout.numberBudget.attempts). */
      get attemptLimit() {
          const { pin, lockout } = this.settings;
          return this.slowPath ? Math.min(pin.attempts, lockout.numberBudget.attempts) : pin.attempts;
      }
      /** Renders prompt `id` in the session's language. */
      text(id, values = {}) {
          return renderPrompt(this.texts[id], values);
      }
      /** Renders several prompts into one utterance. */
      utterance(ids, values = {}) {
          return ids.map((id) => this.text(id, values)).filter(Boolean).join(' ');
      }
      /**
       * The spoken name of a party: its label when the order has one that may be spoken (checked again
       * here against the order's phones, contract/spoken-text.ts: a record written by another tool must not
       * leak a number), otherwise its role name as the sentence's subject (`role_*`) or as the object of
       * "connecting you to" (`to_*`).
       */
      partyName(party, form = 'subject') {
          if (party.label !== undefined) {
              if (labelProblem(party.label, this.orderPhones()) === null)
                  return party.label;
              this.warn('order_text_unspeakable');
          }
          return this.text(form === 'subject' ? `role_${party.role}` : `to_${party.role}`);
      }
      /**
       * The whisper to the callee about `caller`: with the order id when it may be spoken
       * (contract/spoken-text.ts), otherwise without it.
       */
      whisperFrom(caller) {
          const callerName = this.partyName(caller);
          const orderId = this.reportedOrderId();
          if (orderId === null || orderId !== this.order?.orderId)
              return this.text('whisperWithoutOrderId', { callerName });
          return this.text('whisper', { callerName, orderId });
      }
      /**
       * The order id as the result reports it: as stored, or with every digit starred and the warning
       * `order_text_unspeakable` when it could read like a phone number (contract/spoken-text.ts); null before
       * an order is known.
       */
      reportedOrderId() {
          const orderId = this.order?.orderId;
          if (orderId === undefined)
              return null;
          if (orderIdProblem(orderId, this.orderPhones()) === null)
              return orderId;
          this.warn('order_text_unspeakable');
          return orderId.replace(/\p{N}/gu, '*');
      }
      orderPhones() {
          return this.order ? this.order.parties.map((p) => p.phone) : [];
      }
      /** Starts TTS on `call` in the session's voice (returns at once). */
      say(call, text) {
          // Last line of the privacy rule: whatever produced the text (a label, the order id, a configured
          // prompt), an utterance that would speak the tail of one of the order's phones loses its digits.
          let spoken = text;
          if (spokenTogetherProblem([text], this.orderPhones()) !== null) {
              this.warn('order_text_unspeakable');
              spoken = withoutSpokenDigits(text);
          }
          call.say(spoken, this.voice ? { voice: this.voice } : {});
      }
      /**
       * Says `text` to the caller and resolves when it has finished or after a bound derived from the
       * text's length, whichever comes first. Rejects with CallerGoneError when the caller leaves.
       */
      speak(text) {
          return this.wait((done) => {
              const off = listen(this.inbound, CallEvents.PlaybackFinished, () => done());
              this.say(this.inbound, text);
              return off;
          }, { timeoutMs: speechBoundMs(text), onTimeout: () => undefined });
      }
      /**
       * Waits for `setup` to call `done` (or `fail`), for the timeout, or for the caller to leave
       * (CallerGoneError). `setup` returns its teardown, which runs exactly once in every case.
       */
      wait(setup, options) {
          return new Promise((resolve, reject) => {
              if (this.callerGone) {
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
      /**
       * Runs an ApplicationStorage call bounded by STORAGE_TIMEOUT_MS and resolves its value. When the call
       * throws, rejects or does not answer in time, records `warning` (see warn) and resolves STORAGE_FAILED
       * instead. Rejects only with CallerGoneError, when the caller leaves first.
       */
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
              this.warn(warning);
          return value;
      }
      /** Waits `seconds` (silence on the line); rejects with CallerGoneError when the caller leaves first. */
      pause(seconds) {
          return this.wait(() => () => undefined, { timeoutMs: seconds * 1000, onTimeout: () => undefined });
      }
      /** A tracked setTimeout; returns its cancel function. */
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
      /** Records a non-fatal problem for the result's `warnings` (once per code) and logs it. */
      warn(code) {
          if (!this.warnings.includes(code))
              this.warnings.push(code);
          logEvent('warning', { code });
      }
      /** Clears every timer and hangs up outbound legs that are still up (B2BUA rule). */
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
      markCallerGone() {
          if (this.callerGone)
              return;
          this.callerGone = true;
          this.inboundLeg.markEnded(Date.now());
          if (this.endedBy === null)
              this.endedBy = 'caller';
          logEvent('caller_gone');
          for (const waiter of Array.from(this.goneWaiters))
              waiter();
      }
  }
  /** The session language: by dialed virtual number when configured, else the default. */
  function pickLanguage(settings, destination) {
      for (const [number, lang] of Object.entries(settings.language.byVirtualNumber)) {
          if (samePhone(number, destination))
              return lang;
      }
      return settings.language.default;
  }
  /** Upper bound for a TTS utterance: 10 s plus 100 ms per character (slow TTS is ~15 chars/s). */
  function speechBoundMs(text) {
      return 10000 + text.length * 100;
  }

  const CALL_RESULT_VERSION = 1;
  /** Namespace of dead-lettered results in ApplicationStorage: `deadletter:<sessionId>`. */
  const DEAD_LETTER_NAMESPACE = 'deadletter';
  /** The ApplicationStorage key of a dead-lettered result. */
  function deadLetterKey(sessionId) {
      return `${DEAD_LETTER_NAMESPACE}:${sessionId}`;
  }

  /**
   * How call results are signed (scenario side: Crypto.hmac_sha256; backend side: node:crypto).
   * Pure TypeScript; the HMAC itself is computed by the caller.
   *
   * Scheme, version 1:
   * - `X-Voxmask-Timestamp`: Unix time in seconds when the request was signed;
   * - `X-Voxmask-Signature`: `v1=` + lowercase hex HMAC-SHA256(secret, `v1:<timestamp>:<body>`), where
   *   `<body>` is the exact request body (UTF-8 JSON) and the secret is the application secret named in
   *   the scenario configuration (results.secretName).
   * The backend recomputes the HMAC, compares in constant time, rejects timestamps more than
   * SIGNATURE_TOLERANCE_S away from its clock (replay window) and de-duplicates by `resultId`.
   * Every retry is signed afresh with a new timestamp.
   */
  const SIGNATURE_VERSION = 'v1';
  const SIGNATURE_HEADER = 'X-Voxmask-Signature';
  const TIMESTAMP_HEADER = 'X-Voxmask-Timestamp';
  /** The string that is HMACed: `v1:<timestampS>:<body>`. */
  function signingInput(timestampS, body) {
      return `${SIGNATURE_VERSION}:${timestampS}:${body}`;
  }
  /** Header value for a hex HMAC: `v1=<hex>`. */
  function formatSignature(hexHmac) {
      return `${SIGNATURE_VERSION}=${hexHmac.toLowerCase()}`;
  }
  /**
   * The headers that sign a body: `timestampS` (Unix seconds) and the hex HMAC of
   * `signingInput(timestampS, body)` computed by the caller (Crypto.hmac_sha256 or node:crypto).
   */
  function signatureHeaders(timestampS, hexHmac) {
      return { [TIMESTAMP_HEADER]: String(timestampS), [SIGNATURE_HEADER]: formatSignature(hexHmac) };
  }

  /**
   * ApplicationStorage limits: one key-value store per application, the same for VoxEngine's
   * ApplicationStorage and the Management API's *KeyValue* methods (docs/platform.md#kv-limits,
   * docs/platform.md#kv-limits). Pure TypeScript: used by the scenario, the backend, the config and the sandbox.
   */
  /** Longest key, in characters. */
  /** Longest value, in characters. */
  const KV_MAX_VALUE_LENGTH = 2000;

  /** 2xx: the backend has the result. */
  function isDelivered(code) {
      return code >= 200 && code < 300;
  }
  /**
   * Whether another attempt may succeed: network failures (code <= 0), 408, 425, 429 and 5xx. Any other
   * 4xx means the backend refused this result (bad signature, bad body), so retrying cannot help and the
   * result goes straight to the dead-letter store.
   */
  function isRetryable(code) {
      return code <= 0 || code === 408 || code === 425 || code === 429 || code >= 500;
  }
  /** Milliseconds to wait after failed attempt `attempt` (1-based): base, 2x base, 4x base, ... */
  function backoffMs(attempt, baseS) {
      return baseS * 1000 * 2 ** (attempt - 1);
  }
  /**
   * A session with no calls ends this long after its last call ended, in seconds (Voximplant: "60 seconds
   * with no active calls", https://voximplant.com/docs/guides/voxengine/limits). Delivery starts after the
   * calls have ended, so this window, not the retry policy, is what bounds it.
   */
  const IDLE_SESSION_END_S = 60;
  /** Seconds before the idle end by which delivery must have settled: room for the log line and terminate(). */
  const DELIVERY_MARGIN_S = 5;
  /** Seconds before the delivery deadline at which posting stops, so the dead-letter write always gets its turn. */
  const DEAD_LETTER_RESERVE_S = 10;
  /** Shortest request timeout worth starting, in seconds: with less time left the POST is not made. */
  const MIN_REQUEST_TIMEOUT_S = 1;
  /**
   * When the session's last call ended, in epoch ms: the latest `endedAt` (ISO 8601) of the result's
   * legs (a leg not ended yet counts as `nowMs`), never later than `nowMs`; an unparsable time is skipped.
   * The platform's idle clock started then.
   */
  function lastCallEndedAtMs(legs, nowMs) {
      const ends = legs.map((leg) => (leg.endedAt === null ? nowMs : Date.parse(leg.endedAt))).filter((ms) => Number.isFinite(ms));
      return ends.length === 0 ? nowMs : Math.min(nowMs, Math.max(...ends));
  }
  /**
   * The epoch ms by which delivery must have settled (delivered, dead-lettered or logged): the idle end
   * (IDLE_SESSION_END_S after `callsEndedAtMs`, epoch ms) less DELIVERY_MARGIN_S.
   */
  function deliveryDeadlineMs(callsEndedAtMs) {
      return callsEndedAtMs + (IDLE_SESSION_END_S - DELIVERY_MARGIN_S) * 1000;
  }
  /**
   * The Net timeout (whole seconds) for the next POST: the configured `requestTimeoutS`, cut to the
   * `remainingMs` left before posting must stop; 0 when fewer than MIN_REQUEST_TIMEOUT_S remain (make no
   * request).
   */
  function requestTimeoutWithinS(requestTimeoutS, remainingMs) {
      const timeoutS = Math.min(requestTimeoutS, Math.floor(remainingMs / 1000));
      return timeoutS >= MIN_REQUEST_TIMEOUT_S ? timeoutS : 0;
  }
  /**
   * The stored value of a dead letter: the envelope when `headers` are given (signatureHeaders), else the
   * bare `body`. The caller checks the length against KV_MAX_VALUE_LENGTH (contract/storage-limits.ts).
   */
  function formatDeadLetter(body, headers) {
      return headers ? JSON.stringify({ headers, body }) : body;
  }
  // --- The session log as the last resort ---
  /** Letters standing for the 16 nibble values: the logged dead letter holds no digit, so the log's number masking leaves it intact. */
  const NIBBLE_LETTERS = 'abcdefghijklmnop';
  /**
   * A text as letters only, for the session log: every UTF-8 byte as two of `a`–`p` (high nibble,
   * then low). The log masks every run of seven or more digits (contract/mask-text.ts), which would break
   * the signature's timestamp and the body; a text with no digits passes unchanged. Twice the UTF-8 length.
   */
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

  /**
   * Delivers the one result of a session: POST to the webhook, signed (contract/signature.ts), retried
   * with exponential backoff on network errors, 408/425/429 and 5xx, within the platform's HTTP limits
   * (3 active / 35 total requests per session, timeouts at most 90 s, docs/platform.md#net-limits). When
   * it still fails, or no webhook is configured, or no secret exists to sign with, the result goes to
   * ApplicationStorage under `deadletter:<sessionId>` with a TTL; if even that fails or does not answer
   * in time, the result is written whole to the session log, so nothing is lost.
   *
   * Every step is bounded by the time left: the calls have ended when delivery starts, so the session
   * ends by itself 60 s later (contract/result-delivery.ts IDLE_SESSION_END_S). Each POST's timeout and
   * each backoff wait fit before `deadlineMs` less DEAD_LETTER_RESERVE_S, and the dead-letter write is
   * abandoned at `deadlineMs` for the log line.
   */
  /**
   * Tries to deliver `body` (the result JSON) before `bounds.deadlineMs`; resolves to where it ended up,
   * by then (plus the scheduling of one timer). Never rejects.
   */
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
  /**
   * One signed POST without retries or waiting (`timeoutS`: the Net timeout, whole seconds); also used
   * from the Terminating handler, where the platform allows exactly one more HTTP request (docs/platform.md#terminating).
   */
  function postOnce(url, body, secret, timeoutS) {
      return Net.httpRequestAsync(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...signNow(body, secret) },
          postData: body,
          timeout: timeoutS,
          connectionTimeout: Math.min(timeoutS, 6),
      });
  }
  /** Posts until delivered, refused for good, out of attempts, or out of time (`untilMs`, epoch ms). */
  async function postWithRetries(settings, url, body, secret, untilMs) {
      for (let attempt = 1; attempt <= settings.attempts; attempt += 1) {
          const timeoutS = requestTimeoutWithinS(settings.requestTimeoutS, untilMs - Date.now());
          if (timeoutS === 0) {
              logEvent('result_post_skipped', { attempt, reason: 'no_time_left' });
              return false;
          }
          let code;
          try {
              // Net honours `timeout`; the timer one second later bounds a request that never reports.
              const answer = await settleWithin(postOnce(url, body, secret, timeoutS), timeoutS * 1000 + 1000);
              code = answer.settled ? answer.value.code : -7;
          }
          catch (err) {
              // httpRequestAsync may throw synchronously past the connection limits (docs/platform.md#net-limits) or reject (inferred).
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
  /** Writes the dead letter (two tries) before `deadlineMs` (epoch ms); false when it failed or did not answer in time. */
  async function deadLetter(settings, sessionId, body, secret, deadlineMs) {
      const key = deadLetterKey(sessionId);
      const value = deadLetterValue(body, secret);
      if (value.length > KV_MAX_VALUE_LENGTH) {
          logEvent('dead_letter_failed', { attempt: 0, error: `the dead letter has ${value.length} characters; one storage value holds ${KV_MAX_VALUE_LENGTH}` });
          return false;
      }
      for (let attempt = 1; attempt <= 2; attempt += 1) {
          const leftMs = deadlineMs - Date.now();
          if (leftMs <= 0)
              break;
          try {
              const put = await settleWithin(ApplicationStorage.put(key, value, settings.deadLetterTtlS), leftMs);
              if (!put.settled) {
                  // The write may still land later: the same result (same resultId) in two places is harmless.
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
  /**
   * Resolves `{ settled: true, value }` when `work` resolves within `ms`, `{ settled: false }` when the
   * timer fires first; rejects when `work` rejects in time. A later rejection of `work` is absorbed.
   */
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
  /** The two signature headers for `body`, signed now with `secret` (contract/signature.ts). */
  function signNow(body, secret) {
      const timestampS = Math.floor(Date.now() / 1000);
      return signatureHeaders(timestampS, Crypto.hmac_sha256(secret, signingInput(timestampS, body)));
  }
  /**
   * The dead-letter value of `body` (contract/result-delivery.ts formatDeadLetter): the envelope signed
   * now, or the bare body when there is no secret to sign with.
   */
  function deadLetterValue(body, secret) {
      return formatDeadLetter(body, secret ? signNow(body, secret) : null);
  }
  /**
   * Writes the result to the session log, the last resort (docs/results.md, "Too long for storage; the
   * log"): `result_undelivered` with the body for people (masked like every line), and `result_logged`
   * with the exact dead-letter value in letters only (toLogLetters), which the masking leaves intact so
   * its signature still verifies.
   */
  function logUndelivered(body, secret) {
      logEvent('result_undelivered', { result: body });
      logEvent('result_logged', { value: toLogLetters(deadLetterValue(body, secret)) });
  }
  function sleep(ms) {
      return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Builds the session's CallResult (contract/call-result.ts) from the call context. */
  function buildResult(ctx, resultId, nowMs) {
      return {
          version: CALL_RESULT_VERSION,
          resultId,
          sessionId: ctx.sessionId,
          virtualNumber: ctx.virtualNumber,
          caller: ctx.maskedCaller,
          orderId: ctx.reportedOrderId(),
          pin: { outcome: ctx.pinOutcome, attempts: ctx.attemptsUsed },
          callerRole: ctx.route?.caller.role ?? null,
          calleeRole: ctx.route?.callee.role ?? null,
          outcome: ctx.outcome ?? 'caller_hung_up',
          operatorReason: ctx.operatorReason,
          endedBy: ctx.endedBy ?? 'scenario',
          startedAt: iso(ctx.startedAtMs),
          endedAt: iso(nowMs),
          durationS: seconds(nowMs - ctx.startedAtMs),
          recordingUrl: ctx.recordingUrl,
          legs: ctx.legs.map((leg) => leg.toResult(nowMs)),
          warnings: [...ctx.warnings],
      };
  }
  /** `<sessionId>-<uuid>`: unique per session, used by the backend to de-duplicate retries. */
  function newResultId(sessionId) {
      return `${sessionId}-${uuidgen()}`;
  }

  /**
   * Cross-call PIN brute-force defence: the ApplicationStorage keys and the counting rule. Pure TypeScript.
   *
   * ApplicationStorage has get/put/remove/keys but no compare-and-set and no atomic increment
   * (https://voximplant.com/docs/references/voxengine/applicationstorage), so a read-modify-write counter
   * loses increments when calls from one caller ID run at the same time. Instead every PIN guess writes
   * its OWN key before it is evaluated, then counts the keys of its caller:
   *
   *   1. put `lockout-guess-<callerHash>:<sessionId>.<attempt>` (TTL guessRecordTtlS(windowS));
   *   2. keys(`lockout-guess-<callerHash>`) — the count includes the guess's own key;
   *   3. count > maxFailures: the guess is refused unevaluated (its key is removed, the caller locked);
   *      otherwise it is evaluated. A match removes only its own key; a failure keeps it as the record.
   *
   * Guarantee: at most `maxFailures` failed guesses are evaluated per caller ID within any `windowS`
   * seconds, however many calls run at once. Proof sketch: take any maxFailures + 1 evaluated failed
   * guesses written within one window, and the one whose count ran last. Every other one wrote its key
   * before its own count, so before that last count, and the TTL (windowS plus the longest a count may
   * take, GUESS_RECORD_TTL_MARGIN_S) keeps every key alive until then: the last count saw at least
   * maxFailures + 1 keys and refused, a contradiction. docs/scenario.md "Brute-force defence" has the rest.
   *
   * Keys: the namespace is the part before the first colon, and `keys(pattern)` matches keys that begin
   * with the pattern. Hashes are fixed-length hex (HMAC-SHA256 of the canonical digits, never the number),
   * so a namespace never begins with another one and prefix and namespace matching give the same keys.
   */
  /** Prefix of every key this defence writes (for tools that clear them, e.g. the demo's `--keep`). */
  const LOCKOUT_KEY_PREFIX = 'lockout-';
  const GUESS_PREFIX = `${LOCKOUT_KEY_PREFIX}guess-`;
  const LOCK_PREFIX = `${LOCKOUT_KEY_PREFIX}lock-`;
  const NUMBER_PREFIX = `${LOCKOUT_KEY_PREFIX}number-`;
  /**
   * Seconds added to a guess record's TTL beyond the failure window: the longest a count may take after
   * its key was written (the scenario gives up on a storage call after 8 s, docs/scenario.md "lookup"),
   * with a margin. With it the bound holds for any window of `windowS` seconds, not `windowS - 8`.
   */
  const GUESS_RECORD_TTL_MARGIN_S = 10;
  /** Hex digest length of HMAC-SHA256: every hash in a key has exactly this many lowercase hex digits. */
  const HASH_HEX = /^[0-9a-f]{64}$/;
  /** A key part that breaks the key rules; `field` names it. */
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
  /** The HMAC input of a caller's hash: canonical international digits (contract/phone.ts internationalDigits). */
  function callerHashInput(callerDigits) {
      return `lockout:v2:${callerDigits}`;
  }
  /** The HMAC input of a dialed virtual number's hash: its canonical international digits. */
  function numberHashInput(virtualDigits) {
      return `lockout-number:v1:${virtualDigits}`;
  }
  /** The namespace (and `keys()` pattern) of a caller's guess records. Throws LockoutKeyError for a bad hash. */
  function guessNamespace(callerHashHex) {
      return `${GUESS_PREFIX}${checkHash('callerHash', callerHashHex)}`;
  }
  /**
   * The key of one guess: `lockout-guess-<callerHash>:<sessionId>.<attempt>` (at most 124 characters, the
   * platform allows 200). Throws LockoutKeyError for a bad hash, session id or attempt (1-99).
   */
  function guessKey(callerHashHex, sessionId, attempt) {
      return `${guessNamespace(callerHashHex)}:${recordId(sessionId, attempt)}`;
  }
  /** The lock marker of a caller: present (TTL lockS) while the caller ID is locked out. Throws LockoutKeyError. */
  function lockKey(callerHashHex) {
      return `${LOCK_PREFIX}${checkHash('callerHash', callerHashHex)}`;
  }
  /** The namespace (and `keys()` pattern) of a virtual number's failure records. Throws LockoutKeyError. */
  function numberFailureNamespace(numberHashHex) {
      return `${NUMBER_PREFIX}${checkHash('numberHash', numberHashHex)}`;
  }
  /** The key of one failed guess on a virtual number: `lockout-number-<numberHash>:<sessionId>.<attempt>`. Throws LockoutKeyError. */
  function numberFailureKey(numberHashHex, sessionId, attempt) {
      return `${numberFailureNamespace(numberHashHex)}:${recordId(sessionId, attempt)}`;
  }
  /** TTL in seconds of a guess record for a failure window of `windowS` seconds (see GUESS_RECORD_TTL_MARGIN_S). */
  function guessRecordTtlS(windowS) {
      return windowS + GUESS_RECORD_TTL_MARGIN_S;
  }
  /**
   * The counting rule: `records` is the number of guess records of the caller the count returned,
   * including the guess's own; `maxFailures` is lockout.maxFailures (at least 1).
   */
  function guessVerdict(records, maxFailures) {
      if (records > maxFailures)
          return { kind: 'refuse' };
      return { kind: 'evaluate', last: records >= maxFailures };
  }
  /** True when `failures` records of a virtual number exceed its budget (`budget` 0 = no budget). */
  function overNumberBudget(failures, budget) {
      return budget > 0 && failures > budget;
  }

  /**
   * The cross-call PIN brute-force defence in ApplicationStorage (the keys and the counting rule are in
   * contract/lockout.ts; docs/scenario.md "Brute-force defence" states the guarantee):
   * - admitGuess: before a PIN is looked up, its own guess record is written and the caller's records are
   *   counted; over lockout.maxFailures the guess is refused unevaluated;
   * - forgetGuess / settleFailure: a match removes only its own record, a failure keeps it, adds a
   *   record for the dialed number's budget and locks the caller when it was the last one allowed;
   * - checkCallerLock / checkNumberBudget: the lock marker and the number's budget at the call's start.
   * Hashes are HMACs (keyed with the webhook secret) of canonical digits, so no key reveals a number.
   *
   * Storage failures: a guess whose record cannot be written or counted is NOT evaluated (fail closed:
   * the caller hears the service-error path); the start-of-call reads fail open, because every guess is
   * counted again anyway.
   */
  /** Key material when the secret is missing: hashes still hide the number, but are not keyed. */
  const UNKEYED = 'voxmask-lockout-unkeyed';
  function hmac(ctx, input) {
      return Crypto.hmac_sha256(ctx.secret ?? UNKEYED, input);
  }
  function callerHash(ctx, callerDigits) {
      return hmac(ctx, callerHashInput(callerDigits));
  }
  /** The dialed number's hash, or null when it has no readable international digits. */
  function numberHash(ctx) {
      const digits = internationalDigits(ctx.virtualNumber);
      return digits === null ? null : hmac(ctx, numberHashInput(digits));
  }
  /** True when the caller ID's lock marker is present. A failed read fails open (warning lockout_read_failed). */
  async function checkCallerLock(ctx) {
      if (ctx.settings.lockout.maxFailures === 0 || ctx.callerDigits === null)
          return false;
      const key = lockKey(callerHash(ctx, ctx.callerDigits));
      const item = await ctx.storage('lockout_read_failed', () => ApplicationStorage.get(key));
      return item !== STORAGE_FAILED && item !== null;
  }
  /**
   * Counts the dialed number's failure records; over lockout.numberBudget.maxFailures the call takes the
   * slow path (ctx.slowPath: fewer attempts, and a notice and a delay when it is not yet past the PIN
   * prompt) and its result carries `pin_failure_budget_exceeded`. Runs when the call arrives and after
   * each failed guess. A failed read fails open (warning lockout_read_failed).
   */
  async function checkNumberBudget(ctx) {
      const budget = ctx.settings.lockout.numberBudget.maxFailures;
      const hash = numberHash(ctx);
      if (budget === 0 || hash === null || ctx.slowPath)
          return;
      // keys() returns up to 1000 keys by default; the budget is at most 999 (src/config/scenario.ts).
      const page = await ctx.storage('lockout_read_failed', () => ApplicationStorage.keys(numberFailureNamespace(hash)));
      if (page === STORAGE_FAILED || !overNumberBudget(page.keys.length, budget))
          return;
      ctx.slowPath = true;
      ctx.warn('pin_failure_budget_exceeded');
  }
  /**
   * Writes this guess's record, then counts the caller's records (the count includes its own). Refused
   * guesses remove their own record (they were not evaluated) and lock the caller ID.
   */
  async function admitGuess(ctx) {
      const { maxFailures, windowS } = ctx.settings.lockout;
      if (maxFailures === 0 || ctx.callerDigits === null)
          return { kind: 'evaluate', record: null, last: false };
      const hash = callerHash(ctx, ctx.callerDigits);
      const record = guessKey(hash, ctx.sessionId, ctx.attemptsUsed);
      const written = await ctx.storage('lockout_write_failed', () => ApplicationStorage.put(record, '1', guessRecordTtlS(windowS)));
      if (written === STORAGE_FAILED)
          return { kind: 'unavailable' };
      // keys() returns up to 1000 keys by default, more than maxFailures + 1 (at most 101) needed to decide.
      const page = await ctx.storage('lockout_read_failed', () => ApplicationStorage.keys(guessNamespace(hash)));
      if (page === STORAGE_FAILED) {
          removeOwnRecord(ctx, record);
          return { kind: 'unavailable' };
      }
      const verdict = guessVerdict(page.keys.length, maxFailures);
      if (verdict.kind === 'evaluate')
          return { kind: 'evaluate', record, last: verdict.last };
      removeOwnRecord(ctx, record);
      logEvent('guess_refused', { caller: ctx.maskedCaller, attempt: ctx.attemptsUsed });
      await lock(ctx, hash);
      return { kind: 'refused' };
  }
  /**
   * The guess is not a failure: it matched an order the caller is a party of, or the order could not be
   * read. Its own record is removed, never another's (a match must not erase failures against other PINs).
   */
  function forgetGuess(ctx, admission) {
      if (admission.kind === 'evaluate' && admission.record !== null)
          removeOwnRecord(ctx, admission.record);
  }
  /**
   * The guess failed: its record stays (it is the failure record), the dialed number gets a failure
   * record for its budget (and the budget is checked again, so the call that crosses it is flagged too),
   * and when this was the last failure allowed the caller ID is locked. Returns true when the caller is
   * locked out now.
   */
  async function settleFailure(ctx, admission) {
      const { numberBudget, windowS } = ctx.settings.lockout;
      const hash = numberHash(ctx);
      if (numberBudget.maxFailures > 0 && hash !== null) {
          const key = numberFailureKey(hash, ctx.sessionId, ctx.attemptsUsed);
          await ctx.storage('lockout_write_failed', () => ApplicationStorage.put(key, '1', windowS));
          await checkNumberBudget(ctx);
      }
      if (admission.kind !== 'evaluate' || !admission.last || ctx.callerDigits === null)
          return false;
      await lock(ctx, callerHash(ctx, ctx.callerDigits));
      return true;
  }
  /** Writes the caller's lock marker (TTL lockS); a failed write is a warning, the count still refuses. */
  async function lock(ctx, hash) {
      logEvent('locked_out', { caller: ctx.maskedCaller });
      await ctx.storage('lockout_write_failed', () => ApplicationStorage.put(lockKey(hash), '1', ctx.settings.lockout.lockS));
  }
  /** Removes this guess's own record in the background (it must not delay the call); a failure leaves a stricter count. */
  function removeOwnRecord(ctx, record) {
      ApplicationStorage.remove(record).then(() => undefined, () => ctx.warn('lockout_clear_failed'));
  }

  /**
   * Call recording on the caller's leg (Call.record records both directions, docs/platform.md#call-record). Started at most once
   * per session: at the answer or at the bridge (recording.startAt). The URL arrives with RecordStarted.
   */
  /**
   * Whether to start recording at the bridge with `peerKind`. With recording.startAt 'answer' the answer
   * step already decided on `enabled` alone (the order was not known yet, and Call has no stopRecording,
   * docs/platform.md#call-record), so nothing starts here. With 'bridge', the order's settings.record wins when known.
   */
  function wantsRecordingAtBridge(ctx, peerKind) {
      if (ctx.settings.recording.startAt !== 'bridge')
          return false;
      if (peerKind === 'callee')
          return ctx.order?.settings?.record ?? ctx.settings.recording.enabled;
      return ctx.settings.recording.enabled;
  }
  /** Starts recording unless it already runs. */
  function startRecording(ctx) {
      if (ctx.recordingStarted)
          return;
      ctx.recordingStarted = true;
      listen(ctx.inbound, CallEvents.RecordStarted, (e) => {
          ctx.recordingUrl = e.url;
          logEvent('recording_started');
      });
      listen(ctx.inbound, CallEvents.RecordError, (e) => {
          ctx.warn('recording_failed');
          logEvent('recording_error', { error: e.error });
      });
      const { stereo, expire } = ctx.settings.recording;
      ctx.inbound.record({ stereo, expire: expire });
  }

  /**
   * Step "answer": answers the inbound call, waits for Connected, turns DTMF handling on and starts the
   * recording when it is configured to start at the answer. A caller
   * whose caller ID is withheld (or in a format contract/phone.ts cannot read) cannot be matched to an
   * order, so they never enter a PIN (no way to probe PINs anonymously): they hear why and go to the
   * operator when there is one. Every call first checks the dialed number's failure budget
   * (lockout.numberBudget), so every result during an attack on the number carries the warning.
   */
  const CONNECT_TIMEOUT_MS = 10000;
  const answerStep = {
      async run(ctx) {
          await ctx.wait((done) => {
              const off = listen(ctx.inbound, CallEvents.Connected, () => done());
              ctx.inbound.answer();
              return off;
          }, { timeoutMs: CONNECT_TIMEOUT_MS, onTimeout: () => new WaitTimeoutError('Connected after answer()') });
          ctx.inboundLeg.markAnswered(Date.now());
          ctx.inbound.handleTones(true);
          if (ctx.settings.recording.enabled && ctx.settings.recording.startAt === 'answer')
              startRecording(ctx);
          logEvent('answered', { caller: ctx.maskedCaller, virtualNumber: ctx.virtualNumber, language: ctx.language });
          await checkNumberBudget(ctx);
          if (ctx.callerDigits === null) {
              ctx.outcome = 'caller_id_withheld';
              return ctx.settings.operator.number
                  ? { step: 'operator', reason: 'caller_id_withheld', lead: ['callerIdWithheld'] }
                  : { step: 'goodbye', lines: ['callerIdWithheld'] };
          }
          return { step: 'checkLockout' };
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
  /** The failure kind of a Failed code; `ringTimedOut` means the scenario itself hung up at the ring timeout. */
  function calleeFailureOf(code, ringTimedOut) {
      if (ringTimedOut)
          return 'no_answer';
      return BY_CODE[code] ?? 'failed';
  }
  /** Prompt id and outcome for each failure kind. */
  const CALLEE_FAILURES = {
      busy: { prompt: 'calleeBusy', outcome: 'callee_busy' },
      no_answer: { prompt: 'calleeNoAnswer', outcome: 'callee_no_answer' },
      rejected: { prompt: 'calleeRejected', outcome: 'callee_rejected' },
      failed: { prompt: 'calleeFailed', outcome: 'callee_failed' },
  };

  /**
   * Step "calleeFailed": the callee was busy, did not answer, rejected or could not be reached. The
   * caller hears why in plain words; with an operator configured they may press '#' within the offer
   * window to reach one, otherwise they are told to try later. Then the call ends.
   */
  const calleeFailedStep = {
      async run(ctx, input) {
          const { prompt, outcome } = CALLEE_FAILURES[input.failure];
          ctx.outcome = outcome;
          const calleeName = ctx.route ? ctx.partyName(ctx.route.callee) : '';
          if (!ctx.settings.operator.number)
              return { step: 'goodbye', lines: [prompt, 'tryLater'], values: { calleeName } };
          const windowMs = ctx.settings.operator.offerWindowS * 1000;
          const wantsOperator = await ctx.wait((done) => {
              let cancelWindow = () => undefined;
              const offs = [
                  listen(ctx.inbound, CallEvents.ToneReceived, (e) => {
                      if (e.tone === '#')
                          done(true);
                  }),
                  listen(ctx.inbound, CallEvents.PlaybackFinished, () => {
                      cancelWindow();
                      cancelWindow = ctx.timer(windowMs, () => done(false));
                  }),
              ];
              ctx.say(ctx.inbound, `${ctx.text(prompt, { calleeName })} ${ctx.text('offerOperator')}`);
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

  /**
   * Step "checkLockout": a caller ID locked out by earlier failed PINs hears so and the call ends. A call
   * on the slow path (the dialed number is over its failure budget, answer step) hears a notice and
   * waits lockout.numberBudget.delayS before the PIN prompt.
   */
  const checkLockoutStep = {
      async run(ctx) {
          if (await checkCallerLock(ctx)) {
              ctx.outcome = 'locked_out';
              return { step: 'goodbye', lines: ['lockedOut'] };
          }
          if (ctx.slowPath) {
              await ctx.speak(ctx.text('slowPathNotice'));
              await ctx.pause(ctx.settings.lockout.numberBudget.delayS);
          }
          return { step: 'collectPin' };
      },
  };

  /**
   * The order record: what the delivery backend writes into the Voximplant application's
   * ApplicationStorage (through the Management API's SetKeyValueItem) and what the masked-call scenario
   * reads (ApplicationStorage.get) when a caller has entered the order PIN.
   *
   * Stored under the key `order:<pin>` as a JSON string, for example
   *
   * ```json
   * {"version":1,"orderId":"A-1042",
   *  "parties":[{"role":"courier","phone":"+4915112345678","label":"Max"},
   *             {"role":"customer","phone":"+4930123456789"}],
   *  "settings":{"record":true,"maxCallS":900}}
   * ```
   *
   * The JSON Schema of the same format is schemas/order-record.schema.json; a test proves that it and
   * parseOrderRecord accept and reject the same records, and that the patterns below are the schema's.
   *
   * Platform facts (docs/platform.md#kv-limits): keys at most 200 characters, values at
   * most 2000 characters, a key's namespace is the part before the first colon (so `order` is the
   * namespace of every order record). The record's own TTL is set by the writer (the backend).
   *
   * Pure TypeScript: no Node or VoxEngine globals.
   */
  /** Current format version, written in the `version` field. */
  const ORDER_RECORD_VERSION = 1;
  /** Namespace (key prefix before the colon) of order records in ApplicationStorage. */
  const ORDER_KEY_NAMESPACE = 'order';
  /** Full key prefix, `order:`. */
  const ORDER_KEY_PREFIX = `${ORDER_KEY_NAMESPACE}:`;
  /** Shortest and longest PIN, in digits. The scenario's configured PIN length must lie in this range. */
  const PIN_MIN_LENGTH = 4;
  const PIN_MAX_LENGTH = 10;
  /** Party roles. The role of the caller decides whom the scenario dials (contract/routing.ts). */
  const PARTY_ROLES = ['courier', 'customer', 'restaurant'];
  /** Fewest and most parties in one order. */
  const MIN_PARTIES = 2;
  const MAX_PARTIES = 3;
  /** Longest display label and order id, in Unicode code points. */
  const LABEL_MAX_LENGTH = 40;
  const ORDER_ID_MAX_LENGTH = 40;
  /** Per-order call duration cap bounds, in seconds. */
  const MAX_CALL_S_MIN = 30;
  const MAX_CALL_S_MAX = 14400;
  /** Pattern source of a PIN: digits only, 4–10 of them. */
  const PIN_PATTERN_SOURCE = `^[0-9]{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`;
  /** A record or PIN that breaks the format. `field` is a path such as `parties[1].phone` (`''` = the whole record). */
  class OrderRecordError extends Error {
      constructor(field, code, problem) {
          super(field ? `order record field "${field}": ${problem}` : `order record: ${problem}`);
          this.field = field;
          this.code = code;
          this.name = 'OrderRecordError';
      }
  }
  /** Layout only; the digit rule is spoken-text.ts's, applied with the parties known. */
  const ORDER_ID_FORMAT_RE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${ORDER_ID_MAX_LENGTH - 1}}$`, 'u');
  const LABEL_FORMAT_RE = new RegExp(`^[^\\u0000-\\u001f\\u007f]{1,${LABEL_MAX_LENGTH}}$`, 'u');
  const PIN_RE = new RegExp(PIN_PATTERN_SOURCE, 'u');
  /** True for a string of 4–10 digits. */
  function isValidPin(pin) {
      return PIN_RE.test(pin);
  }
  /**
   * The ApplicationStorage key of the order with this PIN: `order:<pin>`.
   * Throws OrderRecordError (field `pin`) unless `pin` is 4–10 digits.
   */
  function orderKey(pin) {
      if (typeof pin !== 'string' || !isValidPin(pin)) {
          throw new OrderRecordError('pin', 'bad_format', `must be ${PIN_MIN_LENGTH}-${PIN_MAX_LENGTH} digits`);
      }
      return `${ORDER_KEY_PREFIX}${pin}`;
  }
  /**
   * Parses and validates a stored value. `text` is the ApplicationStorage value string.
   * Returns the record (a fresh object holding only known fields).
   * Throws OrderRecordError naming the first bad field: over the 2000-character storage limit, not JSON,
   * unknown version, missing or unknown fields, wrong types, bad phone
   * (not E.164), label or order id that could read like a phone number (`phone_like`, unless
   * `options.speakableTextOnly` is false), out-of-range settings, a role twice.
   */
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
  /**
   * Validates an already-parsed value against format version 1 (same rules as parseOrderRecord).
   * Throws OrderRecordError naming the first bad field.
   */
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
          record.settings = parseSettings(obj.settings);
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
  /** Throws OrderRecordError (`phone_like`) for a label or order id that could read like a phone number. */
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
          // The whisper speaks the caller's label and the order id in one sentence: a number split between them is refused too.
          const together = spokenTogetherProblem([party.label, orderId], phones);
          if (together)
              throw new OrderRecordError(`parties[${i}].label`, 'phone_like', `together with the order id (the whisper speaks both) ${together}`);
      });
  }
  function parseSettings(value) {
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

  /**
   * DTMF PIN entry as a pure state machine (no VoxEngine globals). The collect-pin step feeds it
   * ToneReceived digits and turns its actions into prompts and timers.
   *
   * Rules: digits accumulate and the entry completes on the PIN length's last digit; '*' clears the
   * entry; '#' with no digits asks for the operator (only when an operator is configured, otherwise it
   * is ignored); '#' after at least one digit submits a shorter entry.
   */
  class PinEntry {
      constructor(
      /** Digits in a full PIN (4-10). */
      pinLength, 
      /** Whether '#' on an empty entry may request the operator. */
      operatorEnabled) {
          this.pinLength = pinLength;
          this.operatorEnabled = operatorEnabled;
          this.digits = '';
      }
      /** Digits entered so far. */
      get entered() {
          return this.digits.length;
      }
      /** Applies one DTMF tone (`0-9`, `*`, `#`; anything else is ignored). */
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
      ctx.pinOutcome = pinOutcome;
      if (ctx.attemptsUsed < ctx.attemptLimit)
          return { step: 'collectPin', lead };
      ctx.outcome = finalOutcome;
      if (ctx.settings.operator.number)
          return { step: 'operator', reason: 'pin_failed', lead: [lead] };
      return { step: 'goodbye', lines: [lead, 'tryLater'] };
  }
  /** Storage or order-record trouble: apologise, then the operator or a goodbye. */
  function serviceFailure(ctx) {
      ctx.pinOutcome = 'service_error';
      ctx.outcome = 'service_error';
      if (ctx.settings.operator.number)
          return { step: 'operator', reason: 'service_error', lead: ['serviceError'] };
      return { step: 'goodbye', lines: ['serviceError', 'tryLater'] };
  }

  /**
   * Step "collectPin": one PIN attempt. Plays the greeting (first attempt) or the previous failure plus
   * a re-prompt, collects DTMF (logic/pin-entry.ts rules) with barge-in, and applies the first-digit and
   * inter-digit timeouts. '#' on an empty entry goes to the operator when one is configured (and only
   * then is it offered in the prompt).
   */
  /** Hard bound for one attempt, in ms, in case the platform never reports the prompt's end. */
  const ATTEMPT_BOUND_MS = 180000;
  const collectPinStep = {
      async run(ctx, input) {
          ctx.attemptsUsed += 1;
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
      if (ctx.settings.operator.number)
          ids.push('operatorHint');
      return ctx.utterance(ids, { pinLength: ctx.settings.pin.length });
  }
  function collect(ctx, prompt) {
      const { pin, operator } = ctx.settings;
      return ctx.wait((done) => {
          const entry = new PinEntry(pin.length, operator.number !== null);
          let playing = true;
          let cancelTimeout = () => undefined;
          const arm = () => {
              cancelTimeout();
              const seconds = entry.entered === 0 ? pin.firstDigitTimeoutS : pin.interDigitTimeoutS;
              cancelTimeout = ctx.timer(seconds * 1000, () => done(entry.entered === 0 ? { kind: 'no_input' } : { kind: 'incomplete' }));
          };
          const actions = {
              digit: () => arm(),
              complete: (a) => done({ kind: 'pin', pin: a.digits }),
              cleared: () => {
                  cancelTimeout();
                  playing = true;
                  ctx.say(ctx.inbound, ctx.text('cleared'));
              },
              operator: () => done({ kind: 'operator' }),
              ignored: () => undefined,
          };
          const offs = [
              listen(ctx.inbound, CallEvents.PlaybackFinished, () => {
                  if (!playing)
                      return;
                  playing = false;
                  arm();
              }),
              listen(ctx.inbound, CallEvents.ToneReceived, (e) => {
                  if (playing) {
                      playing = false;
                      ctx.inbound.stopPlayback();
                  }
                  const action = entry.press(e.tone);
                  actions[action.type](action);
              }),
          ];
          ctx.say(ctx.inbound, prompt);
          return () => {
              cancelTimeout();
              offs.forEach((off) => off());
          };
      }, { timeoutMs: ATTEMPT_BOUND_MS, onTimeout: () => ({ kind: 'no_input' }) });
  }

  /**
   * Places the outbound leg to a party (callee or operator) and bridges it:
   * 1. callPSTN at once, with the DIALED VIRTUAL NUMBER as caller ID (never the caller's number);
   * 2. meanwhile the caller hears the announcement ("connecting you to ...") and then ringback
   *    (progress tone or a looped file), never silence;
   * 3. when the party answers, they hear the whisper first; then both legs are bridged
   *    (sendMediaBetween) and the caller's ringback stops.
   * The scenario hangs up a leg still ringing at the ring timeout (Failed 487, reported as no answer).
   */
  /** Extra time, after the ring timeout, for the platform's Failed event before giving up on it. */
  const FAILED_EVENT_GRACE_MS = 15000;
  function connectParty(ctx, target) {
      const leg = new LegTimes(target.kind, maskPhone(target.number), Date.now());
      ctx.legs.push(leg);
      logEvent('dialing', { kind: target.kind, number: maskPhone(target.number), callerId: ctx.virtualNumber });
      const call = VoxEngine.callPSTN(target.number, ctx.virtualNumber);
      ctx.peers.push(call);
      trackLeg(call, leg);
      const { whisperTimeoutS } = ctx.settings.dial;
      return ctx.wait((done) => {
          let ringTimedOut = false;
          let phase = 'ringing';
          let ringbackStarted = false;
          const cancels = [];
          const bridge = () => {
              if (phase === 'bridged')
                  return;
              phase = 'bridged';
              ctx.inbound.stopPlayback();
              VoxEngine.sendMediaBetween(ctx.inbound, call);
              logEvent('bridged', { kind: target.kind });
              done({ kind: 'bridged', call });
          };
          cancels.push(ctx.timer(target.ringTimeoutS * 1000, () => {
              if (phase !== 'ringing')
                  return;
              ringTimedOut = true;
              logEvent('ring_timeout', { kind: target.kind, seconds: target.ringTimeoutS });
              call.hangup();
          }), listen(ctx.inbound, CallEvents.PlaybackFinished, () => {
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
              ctx.say(call, target.whisper);
              cancels.push(ctx.timer(whisperTimeoutS * 1000, bridge));
          }), listen(call, CallEvents.PlaybackFinished, () => {
              if (phase === 'whisper')
                  bridge();
          }), listen(call, CallEvents.Disconnected, () => {
              if (phase === 'bridged')
                  return;
              logEvent('party_left_before_bridge', { kind: target.kind });
              done({ kind: 'failed', failure: 'failed' });
          }));
          ctx.say(ctx.inbound, target.announcement);
          return () => cancels.forEach((cancel) => cancel());
      }, {
          timeoutMs: (target.ringTimeoutS + whisperTimeoutS) * 1000 + FAILED_EVENT_GRACE_MS,
          onTimeout: () => ({ kind: 'failed', failure: 'no_answer' }),
      });
  }
  /**
   * Starts the caller's ringback. A platform call that throws inside an event handler would end the whole
   * session (docs/platform.md#unhandled-errors), so a failing ringback is recorded as a warning and the call goes on without it.
   */
  function startRingback(ctx) {
      const { ringback } = ctx.settings.dial;
      try {
          if (ringback.type === 'tone')
              ctx.inbound.playProgressTone(ringback.country);
          else
              ctx.inbound.startPlayback(ringback.url, { loop: true });
      }
      catch (err) {
          ctx.warn('ringback_failed');
          logEvent('ringback_failed', { type: ringback.type, error: errorMessage(err) });
      }
  }
  /** Keeps the leg's times for the result for the whole session. */
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
              number: route.callee.phone,
              announcement: ctx.text('connecting', { calleeName: ctx.partyName(route.callee, 'object') }),
              whisper: checkedWhisper(ctx, route.caller),
              ringTimeoutS: ctx.settings.dial.ringTimeoutS,
          });
          if (result.kind === 'bridged')
              return { step: 'talk', peer: result.call, peerKind: 'callee' };
          return { step: 'calleeFailed', failure: result.failure };
      },
  };
  /**
   * The whisper about `caller`, checked once more as one utterance (contract/spoken-text.ts
   * spokenTogetherProblem): a party number split between the label and the order id, each harmless
   * alone, falls back to the role name without the order id (warning `order_text_unspeakable`).
   */
  function checkedWhisper(ctx, caller) {
      const whisper = ctx.whisperFrom(caller);
      const phones = ctx.order ? ctx.order.parties.map((party) => party.phone) : [];
      if (spokenTogetherProblem([whisper], phones) === null)
          return whisper;
      ctx.warn('order_text_unspeakable');
      return ctx.text('whisperWithoutOrderId', { callerName: ctx.text(`role_${caller.role}`) });
  }

  const goodbyeStep = {
      async run(ctx, input) {
          await ctx.speak(ctx.utterance([...input.lines, 'goodbye'], input.values));
          ctx.endedBy = 'scenario';
          ctx.inbound.hangup();
          return { step: 'done' };
      },
  };

  /** For each caller role, the roles to call, in order of preference. */
  const CALL_TARGETS = {
      courier: ['customer', 'restaurant'],
      customer: ['courier', 'restaurant'],
      restaurant: ['courier', 'customer'],
  };
  /**
   * Matches `callerId` (as delivered by the platform: any format internationalDigits reads) against
   * `order` and picks the callee. The first party (in record order) whose phone is the caller ID's number
   * is the caller. `defaultCountryCode` (digits, e.g. `'49'`; the dialed virtual number's code in the
   * scenario) resolves a caller ID in national form; without it a national form matches nobody.
   */
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

  /**
   * Step "lookup": one PIN guess. The guess is first admitted by the brute-force defence (lockout-store.ts:
   * its record is written and the caller's records counted; over the limit it is refused unevaluated),
   * then `order:<pin>` is read from ApplicationStorage, validated, and the caller ID matched against its
   * parties (contract/routing.ts, national caller IDs resolved with the dialed number's country code).
   *
   * Oracle rule: unless pin.revealCallerMismatch is set, "no such order", "not a party of the order" and
   * "unreadable record" sound the same to the caller (prompt `pinRejected`), run the same storage
   * operations and cost the same attempt; only the result's pin.outcome tells the backend which it was.
   * A rejected or slow storage read never becomes an unhandled rejection: it sends the caller to the
   * operator, or apologises.
   */
  const lookupStep = {
      async run(ctx, input) {
          const admission = await admitGuess(ctx);
          if (admission.kind === 'unavailable')
              return serviceFailure(ctx);
          if (admission.kind === 'refused')
              return lockedOut(ctx);
          const item = await ctx.storage('order_read_failed', () => ApplicationStorage.get(orderKey(input.pin)));
          if (item === STORAGE_FAILED) {
              forgetGuess(ctx, admission);
              return serviceFailure(ctx);
          }
          const reveal = ctx.settings.pin.revealCallerMismatch;
          if (item === null) {
              logEvent('order_not_found', { attempt: ctx.attemptsUsed });
              return failedGuess(ctx, admission, 'not_found', reveal ? 'orderNotFound' : 'pinRejected', 'order_not_found');
          }
          let order;
          try {
              // Spoken text is checked again where it is spoken (ctx.partyName, ctx.whisperFrom), so a bad label costs the label, not the call.
              order = parseOrderRecord(item.value, { speakableTextOnly: false });
          }
          catch (err) {
              if (!(err instanceof OrderRecordError))
                  throw err;
              logEvent('order_invalid', { field: err.field, code: err.code });
              ctx.warn('order_record_invalid');
              // Whether the caller is a party is unknown: by default this must sound like any other rejected PIN.
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
              ctx.warn('order_has_no_callee');
              return serviceFailure(ctx);
          }
          ctx.route = { caller: route.caller, callee: route.callee };
          ctx.pinOutcome = 'matched';
          logEvent('matched', { orderId: order.orderId, callerRole: route.caller.role, calleeRole: route.callee.role });
          return { step: 'dial' };
      },
  };
  /**
   * A failed guess: it stays counted (settleFailure); a caller who has reached the limit is told and the
   * call ends, any other caller gets the usual next attempt (failAttempt, with the same arguments).
   */
  async function failedGuess(ctx, admission, pinOutcome, lead, finalOutcome) {
      ctx.pinOutcome = pinOutcome;
      if (await settleFailure(ctx, admission))
          return lockedOut(ctx);
      return failAttempt(ctx, pinOutcome, lead, finalOutcome);
  }
  function lockedOut(ctx) {
      ctx.outcome = 'locked_out';
      return { step: 'goodbye', lines: ['lockedOut'] };
  }

  /**
   * Step "operator": connects the caller to the configured operator, with the virtual number as caller
   * ID like every outbound leg. The operator first hears why the call was transferred. When the operator
   * does not answer, the caller hears so and the call ends.
   */
  const operatorStep = {
      async run(ctx, input) {
          const number = ctx.settings.operator.number;
          if (!number)
              throw new Error('operator step entered without an operator number');
          ctx.operatorReason = input.reason;
          logEvent('to_operator', { reason: input.reason });
          const result = await connectParty(ctx, {
              kind: 'operator',
              number,
              announcement: ctx.utterance([...(input.lead ?? []), 'connectingOperator']),
              whisper: ctx.text('operatorWhisper', { reason: ctx.text(`reason_${input.reason}`) }),
              ringTimeoutS: ctx.settings.operator.ringTimeoutS,
          });
          if (result.kind === 'bridged')
              return { step: 'talk', peer: result.call, peerKind: 'operator' };
          ctx.outcome = 'operator_unavailable';
          return { step: 'goodbye', lines: ['operatorUnavailable'] };
      },
  };

  /**
   * Step "talk": the two parties are bridged. With recording.startAt 'bridge' it starts the recording
   * when wanted (the order's settings.record wins over the configured default; recording.ts), warns both
   * parties before the maximum duration and ends the call at it, and applies the B2BUA rule: when
   * either leg hangs up, the other is hung up too.
   */
  const talkStep = {
      async run(ctx, input) {
          const { peer, peerKind } = input;
          ctx.outcome = peerKind === 'callee' ? 'connected' : 'operator';
          if (wantsRecordingAtBridge(ctx, peerKind))
              startRecording(ctx);
          const maxS = ctx.order?.settings?.maxCallS ?? ctx.settings.call.maxCallS;
          try {
              const endedBy = await ctx.wait((done) => {
                  const cancels = [
                      listen(peer, CallEvents.Disconnected, () => done('peer')),
                      ctx.timer(maxS * 1000, () => done('max_duration')),
                  ];
                  const warnS = ctx.settings.call.warningBeforeEndS;
                  if (warnS > 0 && warnS < maxS)
                      cancels.push(ctx.timer((maxS - warnS) * 1000, () => warnBoth(ctx, peer, warnS)));
                  return () => cancels.forEach((cancel) => cancel());
              }, 
              // The wait's own bound is the duration cap plus a margin; the timer above fires first.
              { timeoutMs: (maxS + 60) * 1000, onTimeout: () => 'max_duration' });
              ctx.endedBy = endedBy === 'peer' ? peerKind : 'max_duration';
              logEvent('call_ended', { endedBy: ctx.endedBy });
              if (endedBy === 'max_duration')
                  peer.hangup();
              ctx.inbound.hangup();
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
  /**
   * Says the duration warning on both legs. TTS on a leg replaces the audio it receives from the other
   * party (docs/platform.md#media-routing), so the bridge is restored once both warnings have finished. (A leg that hangs up
   * during its warning sends no PlaybackFinished, but then the call is ending anyway.)
   */
  function warnBoth(ctx, peer, seconds) {
      const text = ctx.text('durationWarning', { seconds });
      logEvent('duration_warning', { seconds });
      let pending = 2;
      const rebridge = () => {
          pending -= 1;
          if (pending === 0)
              VoxEngine.sendMediaBetween(ctx.inbound, peer);
      };
      for (const leg of [ctx.inbound, peer]) {
          const off = listen(leg, CallEvents.PlaybackFinished, () => {
              off();
              rebridge();
          });
          ctx.say(leg, text);
      }
  }

  const STEPS = {
      answer: answerStep,
      checkLockout: checkLockoutStep,
      collectPin: collectPinStep,
      lookup: lookupStep,
      dial: dialStep,
      talk: talkStep,
      calleeFailed: calleeFailedStep,
      operator: operatorStep,
      goodbye: goodbyeStep,
  };
  /**
   * Where the session's result stands, shared with the entry's Terminating handler: until `settled`, the
   * result is nowhere safe yet, so a session ending early (idle end, platform error) must log it there.
   */
  class SessionReport {
      /** `secret`: the results HMAC key (VoxEngine.getSecretValue), undefined when missing; signs the logged dead letter. */
      constructor(secret) {
          this.secret = secret;
          /** 'running': steps still run; 'delivering': the result is being posted or dead-lettered; 'settled': it is kept. */
          this.phase = 'running';
          /** The result JSON once built (the same body, and resultId, wherever it ends up). */
          this.body = null;
          this.logged = false;
      }
      /**
       * Writes `body` whole to the session log, the last resort, once per session (delivery.ts
       * logUndelivered: readable, and as the signed dead letter); marks the result settled.
       */
      logResult(body) {
          this.phase = 'settled';
          if (this.logged)
              return;
          this.logged = true;
          logUndelivered(body, this.secret);
      }
  }
  async function runSession(ctx, resultId, report) {
      let next = { step: 'answer' };
      try {
          while (next.step !== 'done') {
              logEvent('step', { step: next.step });
              const step = STEPS[next.step];
              next = await step.run(ctx, next);
          }
      }
      catch (err) {
          if (!(err instanceof CallerGoneError)) {
              logError(`step ${next.step}`, err);
              ctx.warn('scenario_error');
              if (ctx.outcome === null)
                  ctx.outcome = 'service_error';
          }
      }
      if (ctx.inbound.state() !== 'TERMINATED')
          ctx.inbound.hangup();
      ctx.releaseAll();
      const nowMs = Date.now();
      const result = buildResult(ctx, resultId, nowMs);
      report.body = JSON.stringify(result);
      report.phase = 'delivering';
      // The platform's idle clock started when the last call ended, perhaps well before this line.
      const deadlineMs = deliveryDeadlineMs(lastCallEndedAtMs(result.legs, nowMs));
      const where = await deliverResult(ctx.settings.results, ctx.sessionId, report.body, ctx.secret, { deadlineMs, logResult: (body) => report.logResult(body) });
      report.phase = 'settled';
      logEvent('session_end', { outcome: result.outcome, delivery: where });
      VoxEngine.terminate();
  }

  /**
   * voxmask masked-call scenario (entry). Bundled by src/build/ into one ES2020 script,
   * voxfiles/scenarios/src/masked-call.voxengine.js, with the validated configuration baked in.
   *
   * A party dials the virtual number, enters the order PIN by DTMF, is matched by caller ID against the
   * order's parties in ApplicationStorage (`order:<pin>`, contract/order-record.ts) and is bridged to the
   * other party; both sides only ever see the virtual number. docs/scenario.md describes the call flow.
   */
  require(Modules.ApplicationStorage);
  Logger.hideTones(true);
  let sessionId = 0;
  let session = null;
  VoxEngine.addEventListener(AppEvents.Started, (e) => {
      sessionId = e.sessionId;
  });
  VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
      if (session) {
          // Each inbound PSTN call starts its own session (docs/platform.md#execution-model); a second one here is refused.
          e.call.reject(486);
          return;
      }
      const secret = VoxEngine.getSecretValue(settings.results.secretName);
      if (!secret)
          logEvent('secret_missing', { name: settings.results.secretName });
      const ctx = new CallContext(settings, { call: e.call, callerid: e.callerid, destination: e.destination, sessionId, atMs: Date.now() }, secret);
      session = { ctx, resultId: newResultId(sessionId), report: new SessionReport(secret) };
      runSession(ctx, session.resultId, session.report).catch((err) => {
          logError('session', err);
          VoxEngine.terminate();
      });
  });
  // Last resort: the session is ending before its result is kept (the 60 s no-calls end during a slow
  // step or delivery, a platform error). Timers are gone now and one HTTP request is still allowed
  // (https://voximplant.com/docs/references/voxengine/appevents#terminating), so the result is first
  // written whole to the log, which cannot fail, then posted once, unretried.
  VoxEngine.addEventListener(AppEvents.Terminating, () => {
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

})();
