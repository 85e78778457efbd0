package io.kairos.support;

import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ConsumerEvent;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.ProducerEvent;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import com.salesforce.eventbus.protobuf.SchemaInfo;
import com.salesforce.eventbus.protobuf.SchemaRequest;
import com.salesforce.eventbus.protobuf.TopicInfo;
import com.salesforce.eventbus.protobuf.TopicRequest;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A Salesforce Pub/Sub API stand-in served by grpc-java on 127.0.0.1 in plaintext: one topic with an Avro schema,
 * a retained event log whose replay ids are opaque bytes, and a Subscribe stream that honours num_requested, the
 * replay preset and a custom replay id, and sends keepalives. Knobs let a test expire retained events (a stored id
 * is then refused as Salesforce refuses it) or make every stream go silent.
 */
public final class PubSubStandIn implements AutoCloseable {

    /** The trailer and code Salesforce documents for a replay id it cannot serve. */
    public static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);
    public static final String REPLAY_ID_CORRUPTED = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";

    private static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accessToken", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceUrl", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantId", Metadata.ASCII_STRING_MARSHALLER);

    /** The auth metadata a call carried. */
    public record CallMetadata(String accessToken, String instanceUrl, String tenantId) {
    }

    /** The first FetchRequest of a Subscribe stream: where the subscriber asked to start. */
    public record SubscribeRequest(String topic, ReplayPreset preset, ByteString replayId, int numRequested) {
    }

    private record Retained(String eventId, ByteString replayId, ByteString payload) {
    }

    private final String topic;
    private final String schemaId;
    private final Schema schema;
    private final String schemaJson;
    private final Duration keepalive;
    // Every mutation of the log and the streams runs on this one thread, as a gRPC stream must not be written
    // concurrently and the log's order is the replay order.
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pubsub-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Retained> log = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<SubscribeRequest> subscribeRequests = new CopyOnWriteArrayList<>();
    private final List<CallMetadata> calls = new CopyOnWriteArrayList<>();
    private final Server server;
    private long sequence;
    private boolean silent;

    private PubSubStandIn(String topic, String schemaResource, Duration keepalive) {
        this.topic = topic;
        this.schemaJson = resource(schemaResource);
        this.schema = new Schema.Parser().parse(schemaJson);
        this.schemaId = HexFormat.of().formatHex(schema.getFullName().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        this.keepalive = keepalive;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Service(), new MetadataRecorder()))
                .build();
    }

    /** Serves {@code topic} with the Avro schema of a classpath resource, keepalives every {@code keepalive}. */
    public static PubSubStandIn start(String topic, String schemaResource, Duration keepalive) {
        PubSubStandIn standIn = new PubSubStandIn(topic, schemaResource, keepalive);
        try {
            standIn.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        standIn.loop.scheduleWithFixedDelay(standIn::sendKeepalives, keepalive.toMillis(), keepalive.toMillis(),
                TimeUnit.MILLISECONDS);
        return standIn;
    }

    public int port() {
        return server.getPort();
    }

    public Schema schema() {
        return schema;
    }

    /** Appends an event (Avro-encoded with the topic's schema) and delivers it to open streams; returns its replay id. */
    public ByteString publish(Map<String, Object> fields) {
        GenericRecord record = new GenericData.Record(schema);
        fields.forEach(record::put);
        ByteString payload = avro(record);
        return onLoop(() -> {
            ByteString replayId = nextReplayId();
            log.add(new Retained(UUID.randomUUID().toString(), replayId, payload));
            subscriptions.forEach(Subscription::deliver);
            return replayId;
        });
    }

    /** Drops the oldest retained events, as Salesforce does after its retention window: their ids become unknown. */
    public void expireOldest(int count) {
        onLoop(() -> {
            log.subList(0, Math.min(count, log.size())).clear();
            return null;
        });
    }

    /** From now on no stream receives anything, not even a keepalive; the connection stays open. */
    public void goSilent() {
        onLoop(() -> silent = true);
    }

    /**
     * The streams open now stall (nothing more, not even a keepalive, connections open), as a stream Salesforce
     * dropped on its side; new Subscribe calls are served as usual.
     */
    public void stallOpenStreams() {
        onLoop(() -> {
            subscriptions.forEach(subscription -> subscription.stalled = true);
            return null;
        });
    }

    public List<SubscribeRequest> subscribeRequests() {
        return List.copyOf(subscribeRequests);
    }

    public List<CallMetadata> calls() {
        return List.copyOf(calls);
    }

    public int openStreams() {
        return onLoop(subscriptions::size);
    }

    @Override
    public void close() {
        server.shutdownNow();
        loop.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ByteString nextReplayId() {
        // Opaque to the subscriber, as Salesforce's are: a prefix and a counter, not a number it could compute.
        return ByteString.copyFrom(ByteBuffer.allocate(12).putInt(0x4b41_4952).putLong(++sequence).array());
    }

    private void sendKeepalives() {
        if (!silent) {
            subscriptions.forEach(Subscription::keepalive);
        }
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteString avro(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    private static String resource(String name) {
        try (InputStream in = PubSubStandIn.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class MetadataRecorder implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            calls.add(new CallMetadata(headers.get(ACCESS_TOKEN), headers.get(INSTANCE_URL), headers.get(TENANT_ID)));
            return next.startCall(call, headers);
        }
    }

    private final class Service extends PubSubGrpc.PubSubImplBase {

        @Override
        public void getTopic(TopicRequest request, StreamObserver<TopicInfo> response) {
            if (!topic.equals(request.getTopicName())) {
                response.onError(Status.NOT_FOUND.withDescription("no topic " + request.getTopicName()).asException());
                return;
            }
            response.onNext(TopicInfo.newBuilder().setTopicName(topic).setSchemaId(schemaId).setCanSubscribe(true)
                    .setRpcId(UUID.randomUUID().toString()).build());
            response.onCompleted();
        }

        @Override
        public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> response) {
            if (!schemaId.equals(request.getSchemaId())) {
                response.onError(Status.NOT_FOUND.withDescription("no schema " + request.getSchemaId()).asException());
                return;
            }
            response.onNext(SchemaInfo.newBuilder().setSchemaId(schemaId).setSchemaJson(schemaJson)
                    .setRpcId(UUID.randomUUID().toString()).build());
            response.onCompleted();
        }

        @Override
        public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> response) {
            Subscription subscription = new Subscription((ServerCallStreamObserver<FetchResponse>) response);
            return new StreamObserver<>() {
                @Override
                public void onNext(FetchRequest request) {
                    loop.execute(() -> subscription.request(request));
                }

                @Override
                public void onError(Throwable t) {
                    loop.execute(subscription::close);
                }

                @Override
                public void onCompleted() {
                    loop.execute(() -> {
                        subscription.close();
                        subscription.out.onCompleted();
                    });
                }
            };
        }
    }

    /** One Subscribe stream; touched only on the loop thread. */
    private final class Subscription {
        private final ServerCallStreamObserver<FetchResponse> out;
        private final String rpcId = UUID.randomUUID().toString();
        private int next = -1;
        private int requested;
        private boolean sentSinceKeepalive;
        private boolean stalled;

        Subscription(ServerCallStreamObserver<FetchResponse> out) {
            this.out = out;
        }

        void request(FetchRequest request) {
            if (next < 0) {
                subscribeRequests.add(new SubscribeRequest(request.getTopicName(), request.getReplayPreset(),
                        request.getReplayId(), request.getNumRequested()));
                if (!start(request)) {
                    return;
                }
                subscriptions.add(this);
            }
            requested += request.getNumRequested();
            deliver();
        }

        private boolean start(FetchRequest request) {
            if (!topic.equals(request.getTopicName())) {
                fail(Status.NOT_FOUND.withDescription("no topic " + request.getTopicName()), null);
                return false;
            }
            switch (request.getReplayPreset()) {
                case EARLIEST -> next = 0;
                case CUSTOM -> {
                    int stored = indexOf(request.getReplayId());
                    if (stored < 0) {
                        fail(Status.INVALID_ARGUMENT.withDescription("The Replay ID validation failed. rpcId: " + rpcId),
                                REPLAY_ID_CORRUPTED);
                        return false;
                    }
                    next = stored + 1;
                }
                default -> next = log.size();
            }
            return true;
        }

        void deliver() {
            if (silent || stalled || next < 0 || requested == 0 || next >= log.size() || out.isCancelled()) {
                return;
            }
            FetchResponse.Builder batch = FetchResponse.newBuilder().setRpcId(rpcId);
            while (requested > 0 && next < log.size()) {
                Retained event = log.get(next++);
                requested--;
                batch.addEvents(ConsumerEvent.newBuilder().setReplayId(event.replayId())
                        .setEvent(ProducerEvent.newBuilder().setId(event.eventId()).setSchemaId(schemaId)
                                .setPayload(event.payload())));
                batch.setLatestReplayId(event.replayId());
            }
            out.onNext(batch.setPendingNumRequested(requested).build());
            sentSinceKeepalive = true;
        }

        void keepalive() {
            if (!sentSinceKeepalive && !stalled && !out.isCancelled()) {
                FetchResponse.Builder empty = FetchResponse.newBuilder().setRpcId(rpcId).setPendingNumRequested(requested);
                if (!log.isEmpty()) {
                    empty.setLatestReplayId(log.get(log.size() - 1).replayId());
                }
                out.onNext(empty.build());
            }
            sentSinceKeepalive = false;
        }

        void close() {
            subscriptions.remove(this);
        }

        private void fail(Status status, String errorCode) {
            Metadata trailers = new Metadata();
            if (errorCode != null) {
                trailers.put(ERROR_CODE, errorCode);
            }
            out.onError(status.asRuntimeException(trailers));
        }

        private int indexOf(ByteString replayId) {
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).replayId().equals(replayId)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
