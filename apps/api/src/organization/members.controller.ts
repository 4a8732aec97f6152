import { Body, Controller, Get, Inject, Param, ParseEnumPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  type Post as PostName,
  memberAlreadyRegistered,
  memberNotFound,
  memberLeft,
  invalidMemberDates,
  groupNotInBranch,
  alreadyInBranch,
  postLevelMismatch,
  postHolderNotMember,
  postNotHeld,
  orgUnitNotFound,
  unitNotOfKind,
  branchInOtherHospital,
  groupInOtherHospital,
  transferAcrossHospitals,
} from '@app/domain';
import type { HandleCommandOptions } from '@app/event-store';
import { findMember, READ_MODEL_STORE, type MemberDocument, type ReadModelStore } from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { CommandContext } from '../http/command-context';
import { IdPipe } from '../http/id.pipe';
import { newId } from '../http/new-id';
import { ProblemException } from '../http/problem';
import { ApiRead, ApiWrite } from '../http/api-docs';
import { writeResult } from '../http/write-result';
import { HospitalScope, pinnedUnlessFound } from '../shared/hospital-scope';
import {
  AssignPostDto,
  ChangeMemberStatusDto,
  EndPostDto,
  MemberView,
  POSTS,
  RegisterMemberDto,
  TransferMemberDto,
} from './member.dto';
import { MemberCommandMessage } from './organization.commands';

const now = () => new Date().toISOString();

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/members')
export class MembersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly scope: HospitalScope,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  @Post()
  @Roles('admin')
  @ApiWrite(
    'Register a Party member in a branch (MemberRegistered)',
    orgUnitNotFound('cardiology'),
    memberAlreadyRegistered('m-zhangsan'),
    groupNotInBranch('surgery-g1', 'cardiology'),
    unitNotOfKind('cardiology-g1', 'branch'),
    branchInOtherHospital('pj-peoples-cardiology', 'pj-central'),
    groupInOtherHospital('pj-peoples-cardiology-g1', 'pj-central'),
  )
  async register(
    @Body() body: RegisterMemberDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.scope.assertNamed(principal, body.hospitalId);
    const memberId = body.memberId ?? newId(context);
    const [branch, group] = await Promise.all([
      this.scope.unit(principal, body.branchId),
      this.scope.unit(principal, body.groupId),
    ]);
    const command = new MemberCommandMessage(
      {
        type: 'RegisterMember',
        memberId,
        name: body.name,
        hospitalId: body.hospitalId,
        branchId: body.branchId,
        groupId: body.groupId ?? null,
        status: body.status,
        joinedPartyOn: body.joinedPartyOn,
        joinedBranchOn: body.joinedBranchOn ?? body.joinedPartyOn,
        departmentHead: body.departmentHead ?? false,
        branch,
        group,
        now: now(),
      },
      context,
    );
    return writeResult(reply, memberId, await this.commandBus.execute(command));
  }

  @Post(':memberId/status')
  @Roles('admin')
  @ApiWrite(
    'Change a member’s status from a date (MemberStatusChanged)',
    memberNotFound('m-zhangsan'),
    invalidMemberDates('effectiveOn 2014-01-01 is before joinedPartyOn 2015-07-01'),
  )
  async changeStatus(
    @Param('memberId', IdPipe) memberId: string,
    @Body() body: ChangeMemberStatusDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.scope.assertReachesMember(principal, memberId, () => memberNotFound(memberId));
    const command = new MemberCommandMessage(
      { type: 'ChangeMemberStatus', memberId, ...body, now: now() },
      pinnedUnlessFound(context, found),
    );
    return writeResult(reply, memberId, await this.commandBus.execute(command));
  }

  @Post(':memberId/transfer')
  @Roles('admin')
  @ApiWrite(
    'Move a member to another branch from a date (MemberTransferred)',
    memberNotFound('m-zhangsan'),
    alreadyInBranch('m-zhangsan', 'surgery'),
    memberLeft('m-zhangsan', '2024-03-01'),
    transferAcrossHospitals('m-zhangsan', 'pj-peoples-surgery'),
  )
  async transfer(
    @Param('memberId', IdPipe) memberId: string,
    @Body() body: TransferMemberDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.scope.assertReachesMember(principal, memberId, () => memberNotFound(memberId));
    const [toBranch, toGroup] = await Promise.all([
      this.scope.unit(principal, body.toBranchId),
      this.scope.unit(principal, body.toGroupId),
    ]);
    const command = new MemberCommandMessage(
      {
        type: 'TransferMember',
        memberId,
        toBranchId: body.toBranchId,
        toGroupId: body.toGroupId ?? null,
        effectiveOn: body.effectiveOn,
        toBranch,
        toGroup,
        now: now(),
      },
      pinnedUnlessFound(context, found),
    );
    return writeResult(reply, memberId, await this.commandBus.execute(command));
  }

  @Post(':memberId/posts')
  @Roles('admin')
  @ApiWrite(
    'Assign one of the five posts (五岗) in a unit of its level (PostAssigned)',
    memberNotFound('m-zhangsan'),
    postLevelMismatch('committee-secretary', 'branch'),
    postHolderNotMember('m-zhangsan', 'cardiology'),
  )
  async assignPost(
    @Param('memberId', IdPipe) memberId: string,
    @Body() body: AssignPostDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.scope.assertReachesMember(principal, memberId, () => memberNotFound(memberId));
    const command = new MemberCommandMessage(
      {
        type: 'AssignPost',
        memberId,
        post: body.post,
        unitId: body.unitId,
        from: body.from,
        to: body.to ?? null,
        unit: await this.scope.unit(principal, body.unitId),
        now: now(),
      },
      pinnedUnlessFound(context, found),
    );
    return writeResult(reply, memberId, await this.commandBus.execute(command));
  }

  @Post(':memberId/posts/:post/end')
  @Roles('admin')
  @ApiWrite('End a post term (PostEnded)', memberNotFound('m-zhangsan'), postNotHeld('branch-secretary', 'cardiology'))
  @ApiParam({ name: 'post', enum: POSTS })
  async endPost(
    @Param('memberId', IdPipe) memberId: string,
    @Param('post', new ParseEnumPipe(POSTS, { exceptionFactory: () => invalidPost() })) post: PostName,
    @Body() body: EndPostDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.scope.assertReachesMember(principal, memberId, () => memberNotFound(memberId));
    const command = new MemberCommandMessage(
      { type: 'EndPost', memberId, post, unitId: body.unitId, on: body.on, now: now() },
      pinnedUnlessFound(context, found),
    );
    return writeResult(reply, memberId, await this.commandBus.execute(command));
  }

  @Get(':memberId')
  @Roles('admin', 'inspector', 'secretary')
  @ApiRead(
    'A member with their effective-dated history (secretaries: members of their units)',
    memberNotFound('m-zhangsan'),
  )
  @ApiOkResponse({ type: MemberView })
  async get(
    @Param('memberId', IdPipe) memberId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MemberView> {
    const member = await findMember(this.readModels, memberId);
    // Outside the caller's hospitals, or (a secretary) its units, a member is not even said to exist.
    this.scope.assertReaches(principal, member?.hospitalId, () => memberNotFound(memberId));
    if (!member || !mayRead(principal, member)) throw memberNotFound(memberId);
    return toView(member);
  }
}

function mayRead(principal: Principal, member: MemberDocument): boolean {
  if (principal.roles.includes('admin') || principal.roles.includes('inspector')) return true;
  return member.memberships.some(
    (m) => principal.units.includes(m.branchId) || (m.groupId !== null && principal.units.includes(m.groupId)),
  );
}

function invalidPost() {
  return new ProblemException('VALIDATION.FAILED', 'Unknown post', [
    { pointer: '/path/post', detail: `must be one of ${POSTS.join(', ')}` },
  ]);
}

function toView({
  memberId,
  name,
  hospitalId,
  departmentHead,
  joinedPartyOn,
  memberships,
  statuses,
  posts,
}: MemberDocument): MemberView {
  return {
    memberId,
    name,
    hospitalId,
    departmentHead,
    joinedPartyOn,
    memberships: [...memberships],
    statuses: [...statuses],
    posts: [...posts],
  };
}
