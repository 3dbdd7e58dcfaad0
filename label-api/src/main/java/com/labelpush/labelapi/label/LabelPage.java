package com.labelpush.labelapi.label;

import java.util.List;

import com.labelpush.events.LabelSnapshot;

import org.springframework.data.domain.Page;

/**
 * One page of labels, in creation order.
 *
 * @param content the labels on this page
 * @param page zero-based page number
 * @param size requested page size
 * @param totalElements number of labels matching
 * @param totalPages number of pages
 */
record LabelPage(List<LabelSnapshot> content, int page, int size, long totalElements, int totalPages) {

	static LabelPage of(Page<Label> page) {
		return new LabelPage(page.map(Label::snapshot).getContent(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

}
