/**
 * Everything the scenarios say (every mode), as data: one catalogue per language, with `{name}`
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
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every prompt id with the placeholders it may use. */
export const PROMPT_PLACEHOLDERS = {
  greeting: ['pinLength'],
  reprompt: ['pinLength'],
  operatorHint: [],
  cleared: [],
  noInput: [],
  incomplete: [],
  orderNotFound: [],
  callerNotOnOrder: [],
  pinRejected: [],
  slowPathNotice: [],
  callerIdWithheld: [],
  lockedOut: [],
  serviceError: [],
  connecting: ['calleeName'],
  whisper: ['callerName', 'orderId'],
  whisperWithoutOrderId: ['callerName'],
  calleeBusy: ['calleeName'],
  calleeNoAnswer: ['calleeName'],
  calleeRejected: ['calleeName'],
  calleeFailed: ['calleeName'],
  offerOperator: [],
  tryLater: [],
  durationWarning: ['seconds'],
  connectingOperator: [],
  operatorWhisper: ['reason'],
  operatorUnavailable: [],
  goodbye: [],
  role_courier: [],
  role_customer: [],
  role_restaurant: [],
  to_courier: [],
  to_customer: [],
  to_restaurant: [],
  reason_caller_request: [],
  reason_pin_failed: [],
  reason_callee_unreachable: [],
  reason_service_error: [],
  reason_caller_id_withheld: [],
  reason_no_route: [],
  noRoute: [],
  knownCallerMenu: ['count'],
  knownCallerOption: ['orderId', 'digit'],
  knownCallerOptionWithout: ['calleeName', 'digit'],
  knownCallerPinOption: [],
} as const satisfies Record<string, readonly string[]>;

export type PromptId = keyof typeof PROMPT_PLACEHOLDERS;
export type PromptCatalogue = Record<PromptId, string>;
export const PROMPT_IDS = Object.keys(PROMPT_PLACEHOLDERS) as PromptId[];

/** English texts. */
export const PROMPTS_EN: PromptCatalogue = {
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

/** German texts: proof that prompts are data, not code. */
export const PROMPTS_DE: PromptCatalogue = {
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

/** The built-in catalogue of each language. */
export const PROMPT_CATALOGUES: Readonly<Record<Language, PromptCatalogue>> = { en: PROMPTS_EN, de: PROMPTS_DE };

/** A prompt text that uses a placeholder its prompt does not offer, or an unknown prompt id. */
export class PromptError extends Error {
  override name = 'PromptError';
  constructor(
    readonly promptId: string,
    problem: string,
  ) {
    super(`prompt "${promptId}": ${problem}`);
  }
}

/** Placeholders (`{name}`) used in `text`. */
export function placeholdersIn(text: string): string[] {
  return Array.from(text.matchAll(/\{([A-Za-z]+)\}/g), (m) => m[1]);
}

/** Throws PromptError when `id` is unknown or `text` uses a placeholder `id` does not offer. */
export function checkPromptText(id: string, text: string): void {
  if (!Object.prototype.hasOwnProperty.call(PROMPT_PLACEHOLDERS, id)) throw new PromptError(id, 'is not a known prompt id');
  const allowed: readonly string[] = PROMPT_PLACEHOLDERS[id as PromptId];
  for (const name of placeholdersIn(text)) {
    if (!allowed.includes(name)) {
      throw new PromptError(id, `uses {${name}}; allowed: ${allowed.length ? allowed.map((a) => `{${a}}`).join(' ') : 'none'}`);
    }
  }
}

/**
 * Fills `{name}` placeholders of `text` from `values`. A placeholder without a value is left out
 * (rendered as an empty string), never printed as `{name}` to a caller.
 */
export function renderPrompt(text: string, values: Readonly<Record<string, string | number>> = {}): string {
  return text
    .replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => (name in values ? String(values[name]) : ''))
    .replace(/\s+/g, ' ')
    .trim();
}
