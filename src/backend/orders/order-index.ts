/** The order index format lives in contract/order-index.ts (the click-to-call scenario reads it too). */
export * from '../../../contract/order-index';
