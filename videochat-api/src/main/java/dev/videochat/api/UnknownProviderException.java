package dev.videochat.api;

import java.util.List;

/** No provider of the requested name was found on the class path; the message lists the names that were. */
public class UnknownProviderException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final List<String> known;

    public UnknownProviderException(Stage stage, String requested, List<String> known) {
        super(stage, requested, "no " + stage + " provider named '" + requested + "' on the class path; known: "
                + (known.isEmpty() ? "(none)" : String.join(", ", known))
                + ". Add the engine's jar or pick one of the known names.");
        this.known = List.copyOf(known);
    }

    /** The provider names that were found. */
    public List<String> known() {
        return known;
    }
}
