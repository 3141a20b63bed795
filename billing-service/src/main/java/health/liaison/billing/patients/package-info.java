/** What billing does when records merges two charts of one person: the merged chart's quotes, invoices, coverages, claims, prior authorizations and booked surgeries move to the surviving chart. */
package health.liaison.billing.patients;
