package io.kairos.salesforce;

import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.internal.client.TokenCredentials;
import org.springframework.stereotype.Component;

/**
 * Asks Salesforce, on a Subscribe call of its own, for the first event of a topic after a replay id: what the
 * running subscription should have delivered already. One event at most is requested, and the call is cancelled
 * after {@code wait}; the credentials are the component's session, as its consumers send them.
 */
@Component
public class PubSubProbe {

    private final PubSubChannels channels;

    public PubSubProbe(PubSubChannels channels) {
        this.channels = channels;
    }

    /**
     * The replay id (Base64) of the first retained event after {@code replayId} (after none: the earliest), or empty
     * when Salesforce sends none within {@code wait}.
     *
     * @throws IllegalStateException when the call fails (Salesforce unreachable, the replay id refused)
     */
    public Optional<String> firstEventAfter(SalesforceComponent component, String topic, String replayId,
                                            Duration wait) {
        ManagedChannel channel = channels.open(component);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<FetchRequest>> call = new CompletableFuture<>();
        try {
            PubSubGrpc.newStub(channel).withCallCredentials(new TokenCredentials(component.getSession()))
                    .subscribe(new ClientResponseObserver<FetchRequest, FetchResponse>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<FetchRequest> requests) {
                            call.complete(requests);
                        }

                        @Override
                        public void onNext(FetchResponse response) {
                            // A response without events is a keepalive: nothing after the replay id yet.
                            if (response.getEventsCount() > 0) {
                                first.complete(base64(response.getEvents(0).getReplayId()));
                            }
                        }

                        @Override
                        public void onError(Throwable failure) {
                            first.completeExceptionally(failure);
                        }

                        @Override
                        public void onCompleted() {
                            first.complete(null);
                        }
                    });
            FetchRequest.Builder request = FetchRequest.newBuilder().setTopicName(topic).setNumRequested(1);
            if (replayId == null) {
                request.setReplayPreset(ReplayPreset.EARLIEST);
            } else {
                request.setReplayPreset(ReplayPreset.CUSTOM)
                        .setReplayId(ByteString.copyFrom(Base64.getDecoder().decode(replayId)));
            }
            call.join().onNext(request.build());
            return Optional.ofNullable(first.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            call.thenAccept(requests -> requests.cancel("probe done", null));
            channel.shutdownNow();
        }
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
