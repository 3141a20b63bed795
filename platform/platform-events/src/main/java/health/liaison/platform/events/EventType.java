package health.liaison.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable wire name of an event ({@code health.liaison.<service>.<aggregate>.<fact>.v<N>}) and the topic it
 * travels on. The Java class name never reaches the wire, so classes can be renamed or moved freely.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    String value();

    String topic();
}
