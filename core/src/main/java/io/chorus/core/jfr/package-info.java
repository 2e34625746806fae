/**
 * Java Flight Recorder events of the protocol: a probe round, a suspicion, a member's state change,
 * a push-pull, a rejected message. Each event class has a static {@code emit} that allocates nothing
 * and does nothing more than one check while its event is disabled (the default: a recording must
 * enable the {@code chorus.*} events, as the agent's {@code --jfr} does, or {@code
 * -XX:StartFlightRecording} with a settings file that names them). The events carry no stack trace:
 * where they come from is in their name.
 */
package io.chorus.core.jfr;
