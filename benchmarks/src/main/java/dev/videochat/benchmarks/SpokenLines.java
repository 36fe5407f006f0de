package dev.videochat.benchmarks;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the avatar says during soak and capacity runs: English lines from a two-word greeting to a paragraph of
 * several sentences (under a second to about half a minute of speech at
 * FreeTTS's 150 words per minute), so turns cut from one packet to many.
 */
final class SpokenLines {

    private static final List<String> LINES = List.of(
            "Hello!",
            "Yes, of course.",
            "Let me check that for you.",
            "The meeting moved to Thursday afternoon.",
            "Good morning, and welcome back to the help desk.",
            "Your order shipped yesterday, and it should arrive within three working days.",
            "I am sorry, I did not catch that. Could you say it again, a little more slowly?",
            "Here is the short version: the update fixes the login problem, speeds up search, and adds a dark theme.",
            "Take the second exit at the roundabout, keep left at the fork, and the museum is on your right, "
                    + "just after the bridge.",
            "Thank you for waiting. I looked at your account and found two payments from last month. The first "
                    + "one went through on the fourth; the second one was refunded on the ninth, so nothing is "
                    + "owed.",
            "Before we start, a few words about today's plan. We will go over the results of the survey, then "
                    + "look at the three proposals for the new office, and finally vote. Each proposal gets ten "
                    + "minutes, questions included. If anything is unclear, stop me at any time.",
            "Bread dough needs time. Mix the flour, water, salt and yeast; knead it for ten minutes until it is "
                    + "smooth; let it rise for an hour in a warm place. Then shape the loaf, let it rise again, "
                    + "and bake it at two hundred and twenty degrees for about forty minutes, until the crust "
                    + "sounds hollow when you tap it.");

    private SpokenLines() {
    }

    /** A line chosen by {@code random}. */
    static String pick(RandomGenerator random) {
        return LINES.get(random.nextInt(LINES.size()));
    }
}
