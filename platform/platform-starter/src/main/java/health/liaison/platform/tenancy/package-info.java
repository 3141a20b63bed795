/**
 * Who is calling and for which practice group: the tenant boundary every query and every event respects.
 */
package health.liaison.platform.tenancy;
