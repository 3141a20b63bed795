package health.liaison.deploy;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventCatalog;
import health.liaison.platform.events.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service does on Kafka, read from its code: the topics it publishes (the {@code @EventType} topic of every
 * event its main code constructs, {@code new PatientRegistered(...)}: only the owning area creates its events), the
 * topics and consumer groups it reads ({@code @KafkaListener(topics = Topics.X, groupId =
 * "${spring.kafka.consumer.group-id}.suffix")}, the group id being {@code spring.application.name} = the module's
 * name), and the dead-letter twins it writes a failed record of a read topic to ({@code DeadLetters}). The Strimzi
 * {@code KafkaUser} of each service must allow exactly this. A topic read by a consumer that assigns its partitions
 * itself ({@code partitionsFor(Topics.X, ...)}, no consumer group, e.g. the audit anchors read from the start) is read
 * too, without a group or a dead-letter twin.
 */
record KafkaAccess(String service, SortedSet<String> published, SortedSet<String> read, SortedSet<String> groups,
                   SortedSet<String> scanned) {

    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\s*\\((.*?)\\)\\s*(public|protected|private|void|[A-Z])",
            Pattern.DOTALL);
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z_]+)");
    private static final Pattern SCAN = Pattern.compile("partitionsFor\\(\\s*Topics\\.([A-Z_]+)");
    private static final Pattern GROUP = Pattern.compile("groupId\\s*=\\s*\"\\$\\{spring\\.kafka\\.consumer\\.group-id}([^\"]*)\"");

    /** Topics it writes: its own and the dead letters of those it reads. */
    SortedSet<String> written() {
        SortedSet<String> written = new TreeSet<>(published);
        read.stream().filter(t -> !scanned.contains(t)).forEach(t -> written.add(Topics.deadLetterOf(t)));
        return written;
    }

    boolean usesKafka() {
        return !published.isEmpty() || !read.isEmpty();
    }

    /** The module named like the Deployment (every Liaison process is its module's application), if it has code. */
    static boolean hasModule(String service) {
        return Files.isDirectory(Repository.ROOT.resolve(service).resolve("src/main/java"));
    }

    static KafkaAccess of(String service) {
        Path sources = Repository.ROOT.resolve(service).resolve("src/main/java");
        SortedSet<String> published = new TreeSet<>();
        SortedSet<String> read = new TreeSet<>();
        SortedSet<String> groups = new TreeSet<>();
        SortedSet<String> scanned = new TreeSet<>();
        Map<String, String> constants = topicConstants();
        for (Path file : javaFiles(sources)) {
            String code = read(file);
            for (Class<? extends DomainEvent> type : EventCatalog.types()) {
                boolean visible = code.contains("import " + type.getName() + ";") || code.contains("import " + type.getPackageName() + ".*;");
                if (visible && Pattern.compile("new\\s+" + type.getSimpleName() + "\\s*\\(").matcher(code).find()) {
                    published.add(EventCatalog.topicOf(type));
                }
            }
            Matcher scan = SCAN.matcher(code);
            while (scan.find()) {
                String name = constants.get(scan.group(1));
                if (name == null) {
                    throw new IllegalStateException(file + " reads Topics." + scan.group(1) + ", which Topics does not declare");
                }
                scanned.add(name);
                read.add(name);
            }
            Matcher listener = LISTENER.matcher(code);
            while (listener.find()) {
                String attributes = listener.group(1);
                Matcher topic = TOPIC_CONSTANT.matcher(attributes);
                while (topic.find()) {
                    String name = constants.get(topic.group(1));
                    if (name == null) {
                        throw new IllegalStateException(file + " listens to Topics." + topic.group(1) + ", which Topics does not declare");
                    }
                    read.add(name);
                }
                Matcher group = GROUP.matcher(attributes);
                if (!group.find()) {
                    throw new IllegalStateException(file + ": a @KafkaListener without groupId = \"${spring.kafka.consumer.group-id}.<reaction>\" ("
                            + attributes.strip() + "); its consumer group could not be given an ACL");
                }
                groups.add(service + group.group(1));
            }
        }
        return new KafkaAccess(service, published, read, groups, scanned);
    }

    private static Map<String, String> topicConstants() {
        Map<String, String> constants = new TreeMap<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    constants.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    private static List<Path> javaFiles(Path sources) {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".java")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
