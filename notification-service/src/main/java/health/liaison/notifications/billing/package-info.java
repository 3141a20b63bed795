/**
 * What billing's facts tell the patient: a deposit is due, a payment was received, an invoice or an instalment is
 * overdue. Billing's events carry ids and dates, not amounts, so the texts name the due date and never an amount.
 */
package health.liaison.notifications.billing;
