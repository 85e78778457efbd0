/** Generic message channels: a JSON request and an HTTP answer classifier that any HTTP sink Kamelet can use. */
package io.kairos.channels;
