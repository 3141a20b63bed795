/**
 * Care around a surgery: pre-op and post-op instructions issued in records (pre-op ones timed before the surgery,
 * whose start this feature learns from scheduling's events) and post-op check-ins after a completed surgery.
 */
package health.liaison.notifications.careplans;
