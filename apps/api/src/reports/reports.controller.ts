import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CampaignReportService, campaignReportCsv, campaignReportPartCsv, churnCsv, experimentReportCsv, fairnessCsv, FairnessService, GeoLiftService, geoLiftCsv, OverviewService, overviewCsv, roundReportMoney,
} from '@localreach/analytics';
import type { Tenant } from '@localreach/core';
import { CurrentTenant } from '../common/auth';
import { CampaignReportQueryDto, ChurnQueryDto, OverviewQueryDto, ReportFormatQueryDto } from './dto/report-query.dto';
import { GeoLiftQueryDto, GeoLiftReportDto } from './dto/geo-lift.dto';
import { ChurnListDto, OverviewReportDto } from './dto/overview-report.dto';
import { CampaignReportDto, ExperimentReportDto } from './dto/report-response.dto';
import { FairnessQueryDto, FairnessReportDto } from './dto/fairness-report.dto';

function sendCsv(res: Response, name: string, csv: string): undefined {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  res.end(csv);
  return undefined;
}

/** Read-only reports: every role (owner, marketer, analyst) may read them; each is scoped to the key's business. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly campaigns: CampaignReportService,
    private readonly overview: OverviewService,
    private readonly fairness: FairnessService,
    private readonly geoLift: GeoLiftService,
  ) {}

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'Campaign ROI: funnel per step and variant, revenue, cost, ROI, incremental ROI from the holdout, A/B verdicts' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CampaignReportDto })
  async campaign(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query() query: CampaignReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<CampaignReportDto | undefined> {
    const found = await this.campaigns.campaignReport(tenant, id);
    const report = roundReportMoney(found, found.currency);
    if (query.format !== 'csv') return report as CampaignReportDto;
    const part = query.part ?? 'funnel';
    return part === 'funnel' ? sendCsv(res, `campaign-${report.campaign.id}`, campaignReportCsv(report)) : sendCsv(res, `campaign-${report.campaign.id}-${part}`, campaignReportPartCsv(report, part));
  }

  @Get('campaigns/:id/experiment')
  @ApiOperation({ summary: 'A/B results per split: rates with intervals, lift, p-values, chance to beat control, sample-ratio check, recommended winner' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ExperimentReportDto })
  async experiment(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query() query: ReportFormatQueryDto, @Res({ passthrough: true }) res: Response): Promise<ExperimentReportDto | undefined> {
    const found = await this.campaigns.experimentReport(tenant, id);
    const report = roundReportMoney(found, found.currency);
    return query.format === 'csv' ? sendCsv(res, `experiment-${report.campaign.id}`, experimentReportCsv(report)) : (report as ExperimentReportDto);
  }

  @Get('campaigns/:id/geo-lift')
  @ApiOperation({ summary: 'Lift of a campaign aimed at an area, without a randomised control: difference in differences against customers around other stores, matched on prior orders, with a parallel-trends check' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: GeoLiftReportDto })
  async geoLiftReport(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query() query: GeoLiftQueryDto, @Res({ passthrough: true }) res: Response): Promise<GeoLiftReportDto | undefined> {
    const comparisonStoreIds = query.comparison && query.comparison !== 'auto' ? query.comparison.toLowerCase().split(',') : undefined;
    const report = await this.geoLift.report(tenant, id, { comparisonStoreIds, preDays: query.preDays, postDays: query.postDays, matchDays: query.matchDays });
    return query.format === 'csv' ? sendCsv(res, `geo-lift-${report.campaign.id}`, geoLiftCsv(report)) : (report as GeoLiftReportDto);
  }

  @Get('overview')
  @ApiOperation({ summary: 'Revenue and ROI by campaign, channel and store; new vs returning customers; cohort retention; CLTV; churn risk' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OverviewReportDto })
  async overviewReport(@CurrentTenant() tenant: Tenant, @Query() query: OverviewQueryDto, @Res({ passthrough: true }) res: Response): Promise<OverviewReportDto | undefined> {
    const period = this.overview.period(query.from, query.to, tenant.business.timezone);
    const found = await this.overview.report(tenant, period, query.churnLimit ?? 50, query.granularity);
    const report = roundReportMoney(found, found.currency);
    return query.format === 'csv' ? sendCsv(res, 'overview', overviewCsv(report)) : (report as OverviewReportDto);
  }

  @Get('churn-risk')
  @ApiOperation({ summary: 'Customers by churn risk (recency, frequency, monetary; score 0–100 with reasons), highest first' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ChurnListDto })
  async churn(@CurrentTenant() tenant: Tenant, @Query() query: ChurnQueryDto, @Res({ passthrough: true }) res: Response): Promise<ChurnListDto | undefined> {
    const asOf = query.asOf ? new Date(query.asOf) : this.overview.now();
    const csv = query.format === 'csv';
    const items = roundReportMoney(await this.overview.churn(tenant, asOf, { level: query.level, limit: query.limit ?? (csv ? undefined : 50) }), tenant.business.currency);
    return csv ? sendCsv(res, 'churn-risk', churnCsv(items)) : { asOf: asOf.toISOString(), items };
  }

  @Get('fairness')
  @ApiOperation({ summary: 'Who gets reached: each area\'s (grid cell or postal code) and age band\'s share of customers enrolled, messaged and offered against its share of eligible customers; under-reached groups flagged (exact binomial, Holm); small groups merged' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: FairnessReportDto })
  async fairnessReport(@CurrentTenant() tenant: Tenant, @Query() query: FairnessQueryDto, @Res({ passthrough: true }) res: Response): Promise<FairnessReportDto | undefined> {
    const { format, ...options } = query;
    const report = await this.fairness.report(tenant, options);
    return format === 'csv' ? sendCsv(res, 'fairness', fairnessCsv(report)) : (report as FairnessReportDto);
  }
}
