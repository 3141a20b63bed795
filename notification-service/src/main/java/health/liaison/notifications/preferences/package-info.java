/** Per-patient consent per channel (care and marketing apart) and SMS opt-outs by number (STOP). */
package health.liaison.notifications.preferences;
