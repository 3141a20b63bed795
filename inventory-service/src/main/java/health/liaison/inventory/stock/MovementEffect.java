package health.liaison.inventory.stock;

import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one movement does to its bucket and when it may: counters to move ({@code inc}), fields to set ({@code set}),
 * and its guard — counters that must be at least so much ({@code atLeast}), the stock not quarantined
 * ({@code reservable}), the bucket still at the sequence number the movement was computed from ({@code atSeq}).
 * Stored with the movement, so a movement left unapplied by a crash can be finished by whoever finds it.
 */
record MovementEffect(Map<String, Integer> inc, Map<String, Object> set, Map<String, Integer> atLeast, boolean reservable,
                      Long atSeq) {

    MovementEffect {
        inc = Map.copyOf(inc);
        set = Map.copyOf(set);
        atLeast = Map.copyOf(atLeast);
    }

    static MovementEffect counters(Map<String, Integer> inc, Map<String, Integer> atLeast) {
        return new MovementEffect(inc, Map.of(), atLeast, false, null);
    }

    MovementEffect onlyWhenReservable() {
        return new MovementEffect(inc, set, atLeast, true, atSeq);
    }

    MovementEffect setting(Map<String, Object> fields) {
        return new MovementEffect(inc, fields, atLeast, reservable, atSeq);
    }

    MovementEffect atSeq(long seq) {
        return new MovementEffect(inc, set, atLeast, reservable, seq);
    }

    /** The guard as filter conditions on the bucket (beside its id, tenant and sequence number). */
    Document guard() {
        Document guard = new Document();
        atLeast.forEach((field, n) -> guard.append(field, new Document("$gte", n)));
        if (reservable) {
            guard.append("quarantined", false);
        }
        return guard;
    }

    Document toDocument() {
        Document d = new Document("inc", new Document(new LinkedHashMap<>(inc))).append("set", new Document(new LinkedHashMap<>(set)))
                .append("atLeast", new Document(new LinkedHashMap<>(atLeast))).append("reservable", reservable);
        return atSeq == null ? d : d.append("atSeq", atSeq);
    }

    static MovementEffect of(Document d) {
        Map<String, Integer> inc = new LinkedHashMap<>();
        d.get("inc", Document.class).forEach((k, v) -> inc.put(k, ((Number) v).intValue()));
        Map<String, Integer> atLeast = new LinkedHashMap<>();
        d.get("atLeast", Document.class).forEach((k, v) -> atLeast.put(k, ((Number) v).intValue()));
        Map<String, Object> set = new LinkedHashMap<>(d.get("set", Document.class));
        Number atSeq = d.get("atSeq", Number.class);
        return new MovementEffect(inc, set, atLeast, Boolean.TRUE.equals(d.getBoolean("reservable")), atSeq == null ? null : atSeq.longValue());
    }
}
