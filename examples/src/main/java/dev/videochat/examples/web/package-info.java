/**
 * The web demo, {@code videochat serve}: {@link dev.videochat.examples.web.WebDemo} serves a page that talks with
 * the avatar over the JDK's {@code com.sun.net.httpserver}. The JSON it sends the page is written with Jackson's
 * streaming {@code JsonGenerator} ({@code Json}, {@code TurnEventJson}, {@code VoiceEventJson}); the page's
 * scripts ({@code web/*.js}) read those field names and numbers, seconds with up to three decimals.
 *
 * <p>What stays written by hand, and why:
 * <ul>
 *   <li>The HTTP server is the JDK's, with no web framework, so the demo adds no dependency and each tab is two
 *       long-lived responses it controls (server-sent events, the fragmented MP4 stream). The JDK's server has no
 *       limits of its own on slow or large requests, so {@code ReadDeadline}, {@code HandlerPool} and
 *       {@code RequestBodies} add read timeouts, a fixed thread count and per-route body limits (413, 408), and
 *       {@code OriginPolicy} the Host and Origin checks; {@code Http.query} decodes the few query parameters the
 *       page sends.</li>
 *   <li>{@code Json.value} walks the maps and lists of a session's state and of the waterfall rows into the
 *       generator: jackson-core cannot write a {@code Map} without jackson-databind, a second and larger library
 *       whose data binding these few shapes do not need.</li>
 *   <li>{@code Json}'s escapes: Jackson's JSONP escapes (U+2028, U+2029) and {@code <} besides, so the text is
 *       safe inside a script element too; one table entry on Jackson's {@code CharacterEscapes} hook.</li>
 *   <li>{@code Mp4Codecs} reads the codec string from the init segment's few boxes; {@code StageWaterfall}
 *       rebuilds each stage's start from the pipeline's order, which no library knows.</li>
 * </ul>
 */
package dev.videochat.examples.web;
