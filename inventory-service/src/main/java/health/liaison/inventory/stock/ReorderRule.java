package health.liaison.inventory.stock;

/**
 * When a clinic's available stock of an item crosses its reorder point. An alert is raised once per crossing: when
 * the quantity drops below the point while it was not below; it is re-armed when the quantity is back at or above
 * the point, so the next fall raises it again. Movements while it stays below raise nothing.
 */
public final class ReorderRule {

    public enum Step { CROSSED_BELOW, RECOVERED, UNCHANGED }

    private ReorderRule() {
    }

    public static boolean below(int available, int reorderPoint) {
        return available < reorderPoint;
    }

    public static Step next(boolean wasBelow, int available, int reorderPoint) {
        boolean below = below(available, reorderPoint);
        if (below && !wasBelow) {
            return Step.CROSSED_BELOW;
        }
        if (!below && wasBelow) {
            return Step.RECOVERED;
        }
        return Step.UNCHANGED;
    }
}
