/** Registering a patient: opening the chart other services refer to by id. */
package health.liaison.records.registration;
