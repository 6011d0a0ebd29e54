package org.vmpooler.provider.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.vmpooler.provider.ProviderException;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * Turns a pool's {@code template} into the AMI to launch: an AMI id ({@code ami-…}) as it is, or an SSM
 * parameter path ({@code /aws/service/…}, optionally written {@code resolve:ssm:/…}) that names the latest AMI,
 * read again at most every {@link #FRESH_FOR}. Each AMI is looked up once in a while, so that an unknown one is
 * a clear permanent error before anything is launched and its root device is known for {@code volume_size}.
 */
final class AmiCatalog {
    static final Duration FRESH_FOR = Duration.ofMinutes(10);
    private static final String SSM_PREFIX = "resolve:ssm:";

    private final Ec2Api api;
    private final Clock clock;
    private final Map<String, Cached> images = new ConcurrentHashMap<>();

    private record Cached(Image image, Instant until) {
    }

    AmiCatalog(Ec2Api api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    Image resolve(String template) {
        Instant now = clock.instant();
        Cached cached = images.get(template);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.image();
        }
        Image image = describe(amiId(template), template);
        images.put(template, new Cached(image, now.plus(FRESH_FOR)));
        return image;
    }

    private String amiId(String template) {
        String t = template.trim();
        if (t.startsWith("ami-")) {
            return t;
        }
        String parameter = t.startsWith(SSM_PREFIX) ? t.substring(SSM_PREFIX.length()) : t;
        if (!parameter.startsWith("/")) {
            throw ProviderException.permanent("provider " + api.provider() + ": template '" + template
                    + "' is neither an AMI id (ami-…) nor an SSM parameter path (/aws/service/… or resolve:ssm:/…)");
        }
        String value = api.ssm("read the AMI id from SSM parameter " + parameter,
                ssm -> ssm.getParameter(r -> r.name(parameter)).parameter().value());
        if (value == null || !value.startsWith("ami-")) {
            throw ProviderException.permanent("provider " + api.provider() + ": SSM parameter " + parameter
                    + " holds '" + value + "', not an AMI id");
        }
        return value;
    }

    private Image describe(String ami, String template) {
        return api.ec2("look up AMI " + ami + " (template " + template + ")",
                ec2 -> ec2.describeImages(r -> r.imageIds(ami)).images()).stream().findFirst()
                .orElseThrow(() -> ProviderException.permanent("provider " + api.provider() + ": AMI " + ami
                        + " (template " + template + ") does not exist or is not shared with this account"));
    }
}
